import { z } from 'zod';
import { formatted } from '../formatted.ts';
import { deploymentVerifiedContent } from './deploymentEvents.ts';
import { artifactRef, entityRef, reason } from './references.ts';
import { shiplogEventSchema } from './shiplogEventSchema.ts';

/** The full type string `dev.cdeventsx.shiplog-rolloutstep.started.0.1.0`. */
export const rolloutStepStartedType = 'dev.cdeventsx.shiplog-rolloutstep.started.0.1.0';
/** The full type string `dev.cdeventsx.shiplog-rolloutstep.finished.0.1.0`. */
export const rolloutStepFinishedType = 'dev.cdeventsx.shiplog-rolloutstep.finished.0.1.0';
/** The full type string `dev.cdeventsx.shiplog-rollback.decided.0.1.0`. */
export const rollbackDecidedType = 'dev.cdeventsx.shiplog-rollback.decided.0.1.0';

/** How a new version reaches its traffic (seed 004): switch, shift by weights, or replace pod by pod. */
export const rolloutStrategy = z.enum(['blue-green', 'canary', 'rolling']);
export type RolloutStrategy = z.infer<typeof rolloutStrategy>;

/**
 * One step of a rollout: its number, the traffic share the new version gets (canary 10 → 50 →
 * 100), the replicas replaced so far (rolling), the colour serving (blue-green), and how long it is
 * watched before the next step.
 */
export const rolloutStep = z.strictObject({
  index: z.int().min(1),
  of: z.int().min(1).optional(),
  weightPercent: z.number().min(0).max(100).optional(),
  replicas: z.strictObject({ updated: z.int().min(0), total: z.int().min(1) }).optional(),
  color: z.enum(['blue', 'green']).optional(),
  windowSeconds: z.int().min(0).optional(),
});
export type RolloutStep = z.infer<typeof rolloutStep>;

const rolloutTarget = {
  environment: entityRef,
  service: entityRef,
  artifact: artifactRef,
  strategy: rolloutStrategy,
  step: rolloutStep,
};

/** Content of `rolloutstep.started`: a step of a rollout began (traffic shifted, pods replaced). */
export const rolloutStepStartedContent = z.strictObject(rolloutTarget);

/**
 * Content of `rolloutstep.finished`: a step's monitoring window ended, with what was measured
 * against its thresholds (`checks[].observed` vs `threshold`), as a post-deploy verification
 * reports it; `fail` means the window failed.
 */
export const rolloutStepFinishedContent = z.strictObject({
  ...deploymentVerifiedContent.shape,
  strategy: rolloutStrategy,
  step: rolloutStep,
});

/**
 * Content of `rollback.decided`: shiplog's own decision (never an emitter's) that a failed
 * post-deploy check or rollout window needs a rollback of `from`, to `to` (the last version that
 * completed healthy there; absent when none did), by `deadline`.
 */
export const rollbackDecidedContent = z.strictObject({
  environment: entityRef,
  service: entityRef,
  from: artifactRef,
  to: artifactRef.optional(),
  reason,
  triggeredBy: z.string().min(1),
  deadline: formatted(z.string(), 'date-time'),
});

/** `dev.cdeventsx.shiplog-rolloutstep.started.0.1.0` */
export const rolloutStepStartedEvent = shiplogEventSchema(rolloutStepStartedType, rolloutStepStartedContent);
export type RolloutStepStartedEvent = z.infer<typeof rolloutStepStartedEvent>;

/** `dev.cdeventsx.shiplog-rolloutstep.finished.0.1.0` */
export const rolloutStepFinishedEvent = shiplogEventSchema(
  rolloutStepFinishedType,
  rolloutStepFinishedContent,
);
export type RolloutStepFinishedEvent = z.infer<typeof rolloutStepFinishedEvent>;

/** `dev.cdeventsx.shiplog-rollback.decided.0.1.0` */
export const rollbackDecidedEvent = shiplogEventSchema(rollbackDecidedType, rollbackDecidedContent);
export type RollbackDecidedEvent = z.infer<typeof rollbackDecidedEvent>;
