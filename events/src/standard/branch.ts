// Generated from the CDEvents 0.5.1 JSON schemas by events/scripts/generateStandardTypes.ts; do not edit.

import { z } from 'zod';
import { cdEventSchema } from '../cdEventSchema.ts';
import { formatted } from '../formatted.ts';

/** `dev.cdevents.branch.created.0.3.0`: the subject content schema. */
export const branchCreatedContent = z.strictObject({
  repository: z
    .strictObject({ id: z.string().min(1), source: formatted(z.string().min(1), 'uri-reference').optional() })
    .optional(),
});
/** `dev.cdevents.branch.created.0.3.0` */
export const branchCreatedEvent = cdEventSchema(
  z.literal('dev.cdevents.branch.created.0.3.0'),
  branchCreatedContent,
);
export type BranchCreatedEvent = z.infer<typeof branchCreatedEvent>;

/** `dev.cdevents.branch.deleted.0.3.0`: the subject content schema. */
export const branchDeletedContent = z.strictObject({
  repository: z
    .strictObject({ id: z.string().min(1), source: formatted(z.string().min(1), 'uri-reference').optional() })
    .optional(),
});
/** `dev.cdevents.branch.deleted.0.3.0` */
export const branchDeletedEvent = cdEventSchema(
  z.literal('dev.cdevents.branch.deleted.0.3.0'),
  branchDeletedContent,
);
export type BranchDeletedEvent = z.infer<typeof branchDeletedEvent>;
