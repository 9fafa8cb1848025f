import { z } from 'zod';
import { artifactRef, entityRef, reason, sha256Digest } from './references.ts';
import { waivableCheck } from './exceptionGranted.ts';
import { shiplogEventSchema } from './shiplogEventSchema.ts';

/** The seven stages of the deployment contract (seed 001), a gate guards entry into one. */
export const pipelineStage = z.enum([
  'change',
  'build',
  'verification',
  'release',
  'deploy',
  'post-deploy-verification',
  'completion',
]);
export type PipelineStage = z.infer<typeof pipelineStage>;

/** The full type string `dev.cdeventsx.shiplog-gate.decided.0.1.0`. */
export const gateDecidedType = 'dev.cdeventsx.shiplog-gate.decided.0.1.0';

/**
 * Content of `gate.decided`: allow or deny, why, under which policy (by digest) and on which
 * evidence (event ids with their ledger hashes), so the decision can be re-checked later.
 * `ignored` (optional, added in place: older decisions have none) names the recorded evidence the
 * gate did not count because its producer may not report those kinds. `exceptions` (optional,
 * added in place) names the recorded exceptions that lifted a failing check, with what they lifted.
 */
export const gateDecidedContent = z.strictObject({
  gateId: z.string().min(1),
  stage: pipelineStage,
  environment: entityRef,
  service: entityRef.optional(),
  artifact: artifactRef,
  decision: z.enum(['allow', 'deny']),
  reasons: z.array(reason),
  policy: z.strictObject({ id: z.string().min(1), digest: sha256Digest }),
  evidence: z.array(z.strictObject({ eventId: z.string().min(1), hash: sha256Digest })),
  ignored: z
    .array(
      z.strictObject({
        eventId: z.string().min(1),
        hash: sha256Digest,
        producer: z.string().min(1),
        kinds: z.array(z.string().min(1)).min(1),
      }),
    )
    .optional(),
  exceptions: z
    .array(
      z.strictObject({
        eventId: z.string().min(1),
        hash: sha256Digest,
        producer: z.string().min(1),
        check: waivableCheck,
        approver: z.string().min(1),
        reason: z.string().min(1),
        expiresAt: z.string().min(1),
        waived: z.array(reason).min(1),
      }),
    )
    .optional(),
});

/** `dev.cdeventsx.shiplog-gate.decided.0.1.0` */
export const gateDecidedEvent = shiplogEventSchema(gateDecidedType, gateDecidedContent);
export type GateDecidedEvent = z.infer<typeof gateDecidedEvent>;
