// Generated from the CDEvents 0.5.1 JSON schemas by events/scripts/generateStandardTypes.ts; do not edit.

import { z } from 'zod';
import { cdEventSchema } from '../cdEventSchema.ts';
import { formatted } from '../formatted.ts';

/** `dev.cdevents.taskrun.finished.0.3.0`: the subject content schema. */
export const taskRunFinishedContent = z.strictObject({
  taskName: z.string().optional(),
  uri: formatted(z.string(), 'uri').optional(),
  pipelineRun: z
    .strictObject({ id: z.string().min(1), source: formatted(z.string().min(1), 'uri-reference').optional() })
    .optional(),
  outcome: z.string().optional(),
  errors: z.string().optional(),
});
/** `dev.cdevents.taskrun.finished.0.3.0` */
export const taskRunFinishedEvent = cdEventSchema(
  z.literal('dev.cdevents.taskrun.finished.0.3.0'),
  taskRunFinishedContent,
);
export type TaskRunFinishedEvent = z.infer<typeof taskRunFinishedEvent>;

/** `dev.cdevents.taskrun.started.0.3.0`: the subject content schema. */
export const taskRunStartedContent = z.strictObject({
  taskName: z.string().optional(),
  uri: formatted(z.string(), 'uri').optional(),
  pipelineRun: z
    .strictObject({ id: z.string().min(1), source: formatted(z.string().min(1), 'uri-reference').optional() })
    .optional(),
});
/** `dev.cdevents.taskrun.started.0.3.0` */
export const taskRunStartedEvent = cdEventSchema(
  z.literal('dev.cdevents.taskrun.started.0.3.0'),
  taskRunStartedContent,
);
export type TaskRunStartedEvent = z.infer<typeof taskRunStartedEvent>;
