import { z } from 'zod';
import { artifactRef, entityRef, location } from './references.ts';
import { kindMeasurementJsonSchema, kindMeasurementProblems } from './kindMeasurements.ts';
import { shiplogEventSchema } from './shiplogEventSchema.ts';

/** What a verification checked (seed 001 stage 3, seeds 003/004 quality gates). */
export const verificationKind = z.enum([
  'tests',
  'coverage',
  'vulnerability-scan',
  'secret-scan',
  'licence-check',
  'benchmark',
  'lint',
  'typecheck',
  'contract',
  'smoke',
  'accessibility',
  'e2e',
  'other',
]);
export type VerificationKind = z.infer<typeof verificationKind>;

/** `pass` and `fail` are verdicts on the artifact; `error` means the check itself broke. */
export const verificationOutcome = z.enum(['pass', 'fail', 'error']);
export type VerificationOutcome = z.infer<typeof verificationOutcome>;

const count = z.int().nonnegative();

/**
 * Numbers a gate can hold a verification to; each kind fills the ones it measures. The numbers of
 * the seed 004 checks added later (`lintErrors` …) belong to one kind each (`kindMeasurements`).
 */
export const verificationMeasurements = z.strictObject({
  testsPassed: count.optional(),
  testsFailed: count.optional(),
  testsSkipped: count.optional(),
  coveragePercent: z.number().min(0).max(100).optional(),
  vulnerabilities: z
    .strictObject({ critical: count, high: count, medium: count, low: count, unknown: count.optional() })
    .optional(),
  secretsFound: count.optional(),
  licencesDenied: z.array(z.string().min(1)).optional(),
  benchmark: z
    .strictObject({
      name: z.string().min(1),
      p50Ms: z.number().nonnegative().optional(),
      p95Ms: z.number().nonnegative(),
      p99Ms: z.number().nonnegative().optional(),
      baselineP95Ms: z.number().nonnegative().optional(),
    })
    .optional(),
  /** `lint`: errors the linter reported (warnings are not errors). */
  lintErrors: count.optional(),
  /** `typecheck`: errors the type checker reported. */
  typeErrors: count.optional(),
  /** `contract`: API contract violations (requests or responses off the contract). */
  contractViolations: count.optional(),
  /** `accessibility`: WCAG 2.2 AA violations found (axe, pa11y, Lighthouse audits). */
  wcagViolations: count.optional(),
  /** `accessibility`: the Lighthouse accessibility score, 0–100. */
  lighthouseScore: z.number().min(0).max(100).optional(),
});
export type VerificationMeasurements = z.infer<typeof verificationMeasurements>;

/** The full type string `dev.cdeventsx.shiplog-verification.finished.0.1.0`. */
export const verificationFinishedType = 'dev.cdeventsx.shiplog-verification.finished.0.1.0';

/** Content of `verification.finished`: one check of one artifact, with its verdict and numbers. */
export const verificationFinishedContent = z
  .strictObject({
    kind: verificationKind,
    outcome: verificationOutcome,
    artifact: artifactRef,
    environment: entityRef.optional(),
    tool: z.strictObject({ name: z.string().min(1), version: z.string().min(1).optional() }).optional(),
    measurements: verificationMeasurements.optional(),
    reportUri: location.optional(),
    summary: z.string().optional(),
  })
  .superRefine(kindMeasurementProblems)
  .meta({ allOf: kindMeasurementJsonSchema() });

/** `dev.cdeventsx.shiplog-verification.finished.0.1.0` */
export const verificationFinishedEvent = shiplogEventSchema(
  verificationFinishedType,
  verificationFinishedContent,
);
export type VerificationFinishedEvent = z.infer<typeof verificationFinishedEvent>;
