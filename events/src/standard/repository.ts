// Generated from the CDEvents 0.5.1 JSON schemas by events/scripts/generateStandardTypes.ts; do not edit.

import { z } from 'zod';
import { cdEventSchema } from '../cdEventSchema.ts';
import { formatted } from '../formatted.ts';

/** `dev.cdevents.repository.created.0.3.0`: the subject content schema. */
export const repositoryCreatedContent = z.strictObject({
  name: z.string().min(1),
  owner: z.string().optional(),
  uri: formatted(z.string(), 'uri'),
  viewUrl: formatted(z.string(), 'uri').optional(),
});
/** `dev.cdevents.repository.created.0.3.0` */
export const repositoryCreatedEvent = cdEventSchema(
  z.literal('dev.cdevents.repository.created.0.3.0'),
  repositoryCreatedContent,
);
export type RepositoryCreatedEvent = z.infer<typeof repositoryCreatedEvent>;

/** `dev.cdevents.repository.deleted.0.3.0`: the subject content schema. */
export const repositoryDeletedContent = z.strictObject({
  name: z.string().optional(),
  owner: z.string().optional(),
  uri: formatted(z.string(), 'uri').optional(),
  viewUrl: formatted(z.string(), 'uri').optional(),
});
/** `dev.cdevents.repository.deleted.0.3.0` */
export const repositoryDeletedEvent = cdEventSchema(
  z.literal('dev.cdevents.repository.deleted.0.3.0'),
  repositoryDeletedContent,
);
export type RepositoryDeletedEvent = z.infer<typeof repositoryDeletedEvent>;

/** `dev.cdevents.repository.modified.0.3.0`: the subject content schema. */
export const repositoryModifiedContent = z.strictObject({
  name: z.string().optional(),
  owner: z.string().optional(),
  uri: formatted(z.string(), 'uri').optional(),
  viewUrl: formatted(z.string(), 'uri').optional(),
});
/** `dev.cdevents.repository.modified.0.3.0` */
export const repositoryModifiedEvent = cdEventSchema(
  z.literal('dev.cdevents.repository.modified.0.3.0'),
  repositoryModifiedContent,
);
export type RepositoryModifiedEvent = z.infer<typeof repositoryModifiedEvent>;
