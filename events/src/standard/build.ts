// Generated from the CDEvents 0.5.1 JSON schemas by events/scripts/generateStandardTypes.ts; do not edit.

import { z } from 'zod';
import { cdEventSchema } from '../cdEventSchema.ts';

/** `dev.cdevents.build.finished.0.3.0`: the subject content schema. */
export const buildFinishedContent = z.strictObject({ artifactId: z.string().optional() });
/** `dev.cdevents.build.finished.0.3.0` */
export const buildFinishedEvent = cdEventSchema(
  z.literal('dev.cdevents.build.finished.0.3.0'),
  buildFinishedContent,
);
export type BuildFinishedEvent = z.infer<typeof buildFinishedEvent>;

/** `dev.cdevents.build.queued.0.3.0`: the subject content schema. */
export const buildQueuedContent = z.strictObject({});
/** `dev.cdevents.build.queued.0.3.0` */
export const buildQueuedEvent = cdEventSchema(
  z.literal('dev.cdevents.build.queued.0.3.0'),
  buildQueuedContent,
);
export type BuildQueuedEvent = z.infer<typeof buildQueuedEvent>;

/** `dev.cdevents.build.started.0.3.0`: the subject content schema. */
export const buildStartedContent = z.strictObject({});
/** `dev.cdevents.build.started.0.3.0` */
export const buildStartedEvent = cdEventSchema(
  z.literal('dev.cdevents.build.started.0.3.0'),
  buildStartedContent,
);
export type BuildStartedEvent = z.infer<typeof buildStartedEvent>;
