// Generated from the CDEvents 0.5.1 JSON schemas by events/scripts/generateStandardTypes.ts; do not edit.

import { z } from 'zod';
import { cdEventSchema } from '../cdEventSchema.ts';
import { formatted } from '../formatted.ts';

/** `dev.cdevents.change.abandoned.0.3.0`: the subject content schema. */
export const changeAbandonedContent = z.strictObject({
  repository: z
    .strictObject({ id: z.string().min(1), source: formatted(z.string().min(1), 'uri-reference').optional() })
    .optional(),
});
/** `dev.cdevents.change.abandoned.0.3.0` */
export const changeAbandonedEvent = cdEventSchema(
  z.literal('dev.cdevents.change.abandoned.0.3.0'),
  changeAbandonedContent,
);
export type ChangeAbandonedEvent = z.infer<typeof changeAbandonedEvent>;

/** `dev.cdevents.change.created.0.4.0`: the subject content schema. */
export const changeCreatedContent = z.strictObject({
  description: z.string().min(1).optional(),
  repository: z
    .strictObject({ id: z.string().min(1), source: formatted(z.string().min(1), 'uri-reference').optional() })
    .optional(),
});
/** `dev.cdevents.change.created.0.4.0` */
export const changeCreatedEvent = cdEventSchema(
  z.literal('dev.cdevents.change.created.0.4.0'),
  changeCreatedContent,
);
export type ChangeCreatedEvent = z.infer<typeof changeCreatedEvent>;

/** `dev.cdevents.change.merged.0.3.0`: the subject content schema. */
export const changeMergedContent = z.strictObject({
  repository: z
    .strictObject({ id: z.string().min(1), source: formatted(z.string().min(1), 'uri-reference').optional() })
    .optional(),
});
/** `dev.cdevents.change.merged.0.3.0` */
export const changeMergedEvent = cdEventSchema(
  z.literal('dev.cdevents.change.merged.0.3.0'),
  changeMergedContent,
);
export type ChangeMergedEvent = z.infer<typeof changeMergedEvent>;

/** `dev.cdevents.change.reviewed.0.3.0`: the subject content schema. */
export const changeReviewedContent = z.strictObject({
  repository: z
    .strictObject({ id: z.string().min(1), source: formatted(z.string().min(1), 'uri-reference').optional() })
    .optional(),
});
/** `dev.cdevents.change.reviewed.0.3.0` */
export const changeReviewedEvent = cdEventSchema(
  z.literal('dev.cdevents.change.reviewed.0.3.0'),
  changeReviewedContent,
);
export type ChangeReviewedEvent = z.infer<typeof changeReviewedEvent>;

/** `dev.cdevents.change.updated.0.3.0`: the subject content schema. */
export const changeUpdatedContent = z.strictObject({
  repository: z
    .strictObject({ id: z.string().min(1), source: formatted(z.string().min(1), 'uri-reference').optional() })
    .optional(),
});
/** `dev.cdevents.change.updated.0.3.0` */
export const changeUpdatedEvent = cdEventSchema(
  z.literal('dev.cdevents.change.updated.0.3.0'),
  changeUpdatedContent,
);
export type ChangeUpdatedEvent = z.infer<typeof changeUpdatedEvent>;
