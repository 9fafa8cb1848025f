// Generated from the CDEvents 0.5.1 JSON schemas by events/scripts/generateStandardTypes.ts; do not edit.

import { z } from 'zod';
import { cdEventSchema } from '../cdEventSchema.ts';
import { formatted } from '../formatted.ts';

/** `dev.cdevents.pipelinerun.finished.0.3.0`: the subject content schema. */
export const pipelineRunFinishedContent = z.strictObject({
  pipelineName: z.string().optional(),
  uri: formatted(z.string(), 'uri').optional(),
  outcome: z.enum(['success', 'failure', 'cancel', 'error']).optional(),
  errors: z.string().optional(),
});
/** `dev.cdevents.pipelinerun.finished.0.3.0` */
export const pipelineRunFinishedEvent = cdEventSchema(
  z.literal('dev.cdevents.pipelinerun.finished.0.3.0'),
  pipelineRunFinishedContent,
);
export type PipelineRunFinishedEvent = z.infer<typeof pipelineRunFinishedEvent>;

/** `dev.cdevents.pipelinerun.queued.0.3.0`: the subject content schema. */
export const pipelineRunQueuedContent = z.strictObject({
  pipelineName: z.string().optional(),
  uri: formatted(z.string(), 'uri').optional(),
});
/** `dev.cdevents.pipelinerun.queued.0.3.0` */
export const pipelineRunQueuedEvent = cdEventSchema(
  z.literal('dev.cdevents.pipelinerun.queued.0.3.0'),
  pipelineRunQueuedContent,
);
export type PipelineRunQueuedEvent = z.infer<typeof pipelineRunQueuedEvent>;

/** `dev.cdevents.pipelinerun.started.0.3.0`: the subject content schema. */
export const pipelineRunStartedContent = z.strictObject({
  pipelineName: z.string(),
  uri: formatted(z.string(), 'uri'),
});
/** `dev.cdevents.pipelinerun.started.0.3.0` */
export const pipelineRunStartedEvent = cdEventSchema(
  z.literal('dev.cdevents.pipelinerun.started.0.3.0'),
  pipelineRunStartedContent,
);
export type PipelineRunStartedEvent = z.infer<typeof pipelineRunStartedEvent>;
