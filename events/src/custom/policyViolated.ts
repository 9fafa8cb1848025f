import { z } from 'zod';
import { artifactRef, entityRef, reason } from './references.ts';
import { shiplogEventSchema } from './shiplogEventSchema.ts';

/** The full type string `dev.cdeventsx.shiplog-policy.violated.0.1.0`. */
export const policyViolatedType = 'dev.cdeventsx.shiplog-policy.violated.0.1.0';

/**
 * Content of `policy.violated`: a recorded fact broke a rule (skipped stage, unverified or rebuilt
 * artifact, manual change). The offending event is kept; this one sits next to it.
 */
export const policyViolatedContent = z.strictObject({
  rule: reason,
  severity: z.enum(['low', 'medium', 'high', 'critical']),
  offendingEventId: z.string().min(1),
  environment: entityRef.optional(),
  service: entityRef.optional(),
  artifact: artifactRef.optional(),
});

/** `dev.cdeventsx.shiplog-policy.violated.0.1.0` */
export const policyViolatedEvent = shiplogEventSchema(policyViolatedType, policyViolatedContent);
export type PolicyViolatedEvent = z.infer<typeof policyViolatedEvent>;
