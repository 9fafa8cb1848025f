import { z } from 'zod';
import { digestedArtifactRef, location, sha256Digest } from './references.ts';
import { shiplogEventSchema } from './shiplogEventSchema.ts';

/** The full type string `dev.cdeventsx.shiplog-sbom.generated.0.1.0`. */
export const sbomGeneratedType = 'dev.cdeventsx.shiplog-sbom.generated.0.1.0';

/** Content of `sbom.generated`: a CycloneDX document describing one artifact's bytes. */
export const sbomGeneratedContent = z.strictObject({
  artifact: digestedArtifactRef,
  sbom: z.strictObject({
    digest: sha256Digest,
    format: z.literal('CycloneDX'),
    specVersion: z.literal('1.6'),
    location,
    componentCount: z.int().nonnegative(),
  }),
});

/** `dev.cdeventsx.shiplog-sbom.generated.0.1.0` */
export const sbomGeneratedEvent = shiplogEventSchema(sbomGeneratedType, sbomGeneratedContent);
export type SbomGeneratedEvent = z.infer<typeof sbomGeneratedEvent>;
