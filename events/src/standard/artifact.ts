// Generated from the CDEvents 0.5.1 JSON schemas by events/scripts/generateStandardTypes.ts; do not edit.

import { z } from 'zod';
import { cdEventSchema } from '../cdEventSchema.ts';
import { formatted } from '../formatted.ts';

/** `dev.cdevents.artifact.deleted.0.2.0`: the subject content schema. */
export const artifactDeletedContent = z.strictObject({ user: z.string().min(1).optional() });
/** `dev.cdevents.artifact.deleted.0.2.0` */
export const artifactDeletedEvent = cdEventSchema(
  z.literal('dev.cdevents.artifact.deleted.0.2.0'),
  artifactDeletedContent,
);
export type ArtifactDeletedEvent = z.infer<typeof artifactDeletedEvent>;

/** `dev.cdevents.artifact.downloaded.0.2.0`: the subject content schema. */
export const artifactDownloadedContent = z.strictObject({ user: z.string().min(1).optional() });
/** `dev.cdevents.artifact.downloaded.0.2.0` */
export const artifactDownloadedEvent = cdEventSchema(
  z.literal('dev.cdevents.artifact.downloaded.0.2.0'),
  artifactDownloadedContent,
);
export type ArtifactDownloadedEvent = z.infer<typeof artifactDownloadedEvent>;

/** `dev.cdevents.artifact.packaged.0.3.0`: the subject content schema. */
export const artifactPackagedContent = z.strictObject({
  change: z.strictObject({
    id: z.string().min(1),
    source: formatted(z.string().min(1), 'uri-reference').optional(),
  }),
  sbom: z.strictObject({ uri: formatted(z.string().min(1), 'uri-reference') }).optional(),
});
/** `dev.cdevents.artifact.packaged.0.3.0` */
export const artifactPackagedEvent = cdEventSchema(
  z.literal('dev.cdevents.artifact.packaged.0.3.0'),
  artifactPackagedContent,
);
export type ArtifactPackagedEvent = z.infer<typeof artifactPackagedEvent>;

/** `dev.cdevents.artifact.published.0.3.0`: the subject content schema. */
export const artifactPublishedContent = z.strictObject({
  sbom: z.strictObject({ uri: formatted(z.string().min(1), 'uri-reference') }).optional(),
  user: z.string().min(1).optional(),
});
/** `dev.cdevents.artifact.published.0.3.0` */
export const artifactPublishedEvent = cdEventSchema(
  z.literal('dev.cdevents.artifact.published.0.3.0'),
  artifactPublishedContent,
);
export type ArtifactPublishedEvent = z.infer<typeof artifactPublishedEvent>;

/** `dev.cdevents.artifact.signed.0.3.0`: the subject content schema. */
export const artifactSignedContent = z.strictObject({ signature: z.string().min(1) });
/** `dev.cdevents.artifact.signed.0.3.0` */
export const artifactSignedEvent = cdEventSchema(
  z.literal('dev.cdevents.artifact.signed.0.3.0'),
  artifactSignedContent,
);
export type ArtifactSignedEvent = z.infer<typeof artifactSignedEvent>;
