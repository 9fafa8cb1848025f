// Generated from the CDEvents 0.5.1 JSON schemas by events/scripts/generateStandardTypes.ts; do not edit.

import { z } from 'zod';
import { cdEventSchema } from '../cdEventSchema.ts';
import { formatted } from '../formatted.ts';

/** `dev.cdevents.environment.created.0.3.0`: the subject content schema. */
export const environmentCreatedContent = z.strictObject({
  name: z.string().optional(),
  uri: formatted(z.string(), 'uri').optional(),
});
/** `dev.cdevents.environment.created.0.3.0` */
export const environmentCreatedEvent = cdEventSchema(
  z.literal('dev.cdevents.environment.created.0.3.0'),
  environmentCreatedContent,
);
export type EnvironmentCreatedEvent = z.infer<typeof environmentCreatedEvent>;

/** `dev.cdevents.environment.deleted.0.3.0`: the subject content schema. */
export const environmentDeletedContent = z.strictObject({ name: z.string().optional() });
/** `dev.cdevents.environment.deleted.0.3.0` */
export const environmentDeletedEvent = cdEventSchema(
  z.literal('dev.cdevents.environment.deleted.0.3.0'),
  environmentDeletedContent,
);
export type EnvironmentDeletedEvent = z.infer<typeof environmentDeletedEvent>;

/** `dev.cdevents.environment.modified.0.3.0`: the subject content schema. */
export const environmentModifiedContent = z.strictObject({
  name: z.string().optional(),
  uri: formatted(z.string(), 'uri').optional(),
});
/** `dev.cdevents.environment.modified.0.3.0` */
export const environmentModifiedEvent = cdEventSchema(
  z.literal('dev.cdevents.environment.modified.0.3.0'),
  environmentModifiedContent,
);
export type EnvironmentModifiedEvent = z.infer<typeof environmentModifiedEvent>;
