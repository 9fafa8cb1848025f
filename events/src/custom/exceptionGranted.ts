import { z } from 'zod';
import { formatted } from '../formatted.ts';
import { artifactRef, entityRef } from './references.ts';
import { shiplogEventSchema } from './shiplogEventSchema.ts';

/**
 * The gate checks a recorded exception may waive: the measured quality checks of seed 004 (by the
 * name a gate policy's `require` gives them). Provenance (build, SBOM, signature), approvals and
 * prior environments are never waived.
 */
export const waivableCheck = z.enum([
  'tests',
  'coverage',
  'vulnerabilities',
  'secretScan',
  'licenceCheck',
  'lint',
  'typecheck',
  'performance',
  'accessibility',
  'apiContract',
  'e2e',
]);
export type WaivableCheck = z.infer<typeof waivableCheck>;

/** The full type string `dev.cdeventsx.shiplog-exception.granted.0.1.0`. */
export const exceptionGrantedType = 'dev.cdeventsx.shiplog-exception.granted.0.1.0';

/**
 * Content of `exception.granted`: an approver lets these bytes pass one failing check, for a
 * reason, until a time, instead of the policy being edited. Without `environment` it holds in
 * every environment.
 */
export const exceptionGrantedContent = z.strictObject({
  check: waivableCheck,
  artifact: artifactRef,
  environment: entityRef.optional(),
  approver: z.strictObject({ id: z.string().min(1), name: z.string().min(1).optional() }),
  reason: z.string().min(1),
  expiresAt: formatted(z.string().min(1), 'date-time'),
});

/** `dev.cdeventsx.shiplog-exception.granted.0.1.0` */
export const exceptionGrantedEvent = shiplogEventSchema(exceptionGrantedType, exceptionGrantedContent);
export type ExceptionGrantedEvent = z.infer<typeof exceptionGrantedEvent>;
