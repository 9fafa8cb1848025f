import { z } from 'zod';
import { entityRef, sha256Digest } from './references.ts';
import { shiplogEventSchema } from './shiplogEventSchema.ts';

/** The full type string `dev.cdeventsx.shiplog-environment.snapshotted.0.1.0`. */
export const environmentSnapshottedType = 'dev.cdeventsx.shiplog-environment.snapshotted.0.1.0';

/** Where an observation was read: Kubernetes pods, Docker containers, a registry tag or a digest list. */
export const snapshotReader = z.enum(['kubectl', 'docker', 'oci', 'digests']);
export type SnapshotReader = z.infer<typeof snapshotReader>;

/** One service seen running one artifact (its bytes by digest) in the environment. */
export const runtimeObservation = z.strictObject({
  service: z.string().min(1),
  digest: sha256Digest,
  /** The reference it was seen as, e.g. `ghcr.io/acme/app@sha256:…` or `registry/app:latest`. */
  image: z.string().min(1).optional(),
  /** How many instances (pods, containers) run it; omitted when the reader cannot tell. */
  instances: z.number().int().min(1).optional(),
  from: snapshotReader.optional(),
});
export type RuntimeObservation = z.infer<typeof runtimeObservation>;

/**
 * Content of `environment.snapshotted`: what really runs in an environment, as read from the
 * runtime (not from CI). `complete` says the list is everything running there, so a recorded
 * service missing from it is not running; a partial snapshot (one registry tag) judges only the
 * services it names.
 */
export const environmentSnapshottedContent = z.strictObject({
  environment: entityRef,
  complete: z.boolean(),
  observed: z.array(runtimeObservation),
});

/** `dev.cdeventsx.shiplog-environment.snapshotted.0.1.0` */
export const environmentSnapshottedEvent = shiplogEventSchema(
  environmentSnapshottedType,
  environmentSnapshottedContent,
);
export type EnvironmentSnapshottedEvent = z.infer<typeof environmentSnapshottedEvent>;
