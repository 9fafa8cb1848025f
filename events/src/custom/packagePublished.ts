import { z } from 'zod';
import { formatted } from '../formatted.ts';
import { digestedArtifactRef } from './references.ts';
import { shiplogEventSchema } from './shiplogEventSchema.ts';

/** The registries shiplog publishes to. */
export const packageEcosystem = z.enum(['cargo', 'pypi', 'npm', 'oci-wasm']);
export type PackageEcosystem = z.infer<typeof packageEcosystem>;

/** The full type string `dev.cdeventsx.shiplog-package.published.0.1.0`. */
export const packagePublishedType = 'dev.cdeventsx.shiplog-package.published.0.1.0';

/**
 * Content of `package.published`: a publish receipt. `alreadyPublished` is true when the registry
 * already held this version with the same digest (idempotent success, nothing uploaded).
 */
export const packagePublishedContent = z.strictObject({
  ecosystem: packageEcosystem,
  registry: formatted(z.string().min(1), 'uri'),
  package: z.strictObject({ name: z.string().min(1), version: z.string().min(1) }),
  artifact: digestedArtifactRef,
  alreadyPublished: z.boolean(),
  receipt: z.record(z.string(), z.unknown()).optional(),
});

/** `dev.cdeventsx.shiplog-package.published.0.1.0` */
export const packagePublishedEvent = shiplogEventSchema(packagePublishedType, packagePublishedContent);
export type PackagePublishedEvent = z.infer<typeof packagePublishedEvent>;
