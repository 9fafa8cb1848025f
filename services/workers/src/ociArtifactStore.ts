import { createHash } from 'node:crypto';
import type { OciClient, OciImageManifest } from '@shiplog/registries';
import { ociMediaType, RegistryError, RegistryErrorCode } from '@shiplog/registries';
import type { ArtifactStore, StoredBlob } from './artifactStore.ts';
import { WorkerError, WorkerErrorCode } from './errors.ts';

export interface OciArtifactStoreOptions {
  readonly client: OciClient;
  /** The registry base URL, as the client was made with (for `location`). */
  readonly registryUrl: string;
  /** The repository holding the artifacts, e.g. `shiplog/artifacts`. */
  readonly repository: string;
}

const encoder = new TextEncoder();
const artifactType = 'application/vnd.shiplog.artifact.v1';

/** `sha256:<hex>` → the tag `sha256-<hex>` that keeps the blob referenced (registries collect unreferenced blobs). */
function tagOf(digest: string): string {
  if (!/^sha256:[0-9a-f]{64}$/.test(digest)) {
    throw new WorkerError(WorkerErrorCode.ArtifactMissing, `not a sha256 digest: ${digest}`);
  }
  return digest.replace(':', '-');
}

/**
 * The content-addressed artifact store in an OCI registry: each artifact is a blob, kept alive by a
 * one-layer artifact manifest tagged `sha256-<hex>`. Reads are checked against the digest.
 */
export function createOciArtifactStore(options: OciArtifactStoreOptions): ArtifactStore {
  const { client, repository } = options;
  return {
    async put(bytes): Promise<StoredBlob> {
      const layer = await client.pushBlob(repository, bytes, 'application/octet-stream');
      const config = await client.pushBlob(repository, encoder.encode('{}'), ociMediaType.empty);
      const manifest: OciImageManifest = {
        schemaVersion: 2,
        mediaType: ociMediaType.imageManifest,
        artifactType,
        config,
        layers: [layer],
      };
      await client.pushManifest(repository, tagOf(layer.digest), manifest);
      return {
        digest: layer.digest,
        sha512: `sha512:${createHash('sha512').update(bytes).digest('hex')}`,
        size: bytes.length,
        location: `${options.registryUrl.replace(/\/+$/, '')}/v2/${repository}/blobs/${layer.digest}`,
      };
    },
    async get(digest) {
      tagOf(digest);
      try {
        return await client.fetchBlob(repository, digest);
      } catch (err) {
        if (err instanceof RegistryError && err.code === RegistryErrorCode.DigestMismatch) {
          throw new WorkerError(
            WorkerErrorCode.DigestMismatch,
            `the registry's bytes of ${digest} do not match it`,
            { cause: err },
          );
        }
        if (err instanceof RegistryError && err.code === RegistryErrorCode.NotFound) {
          throw new WorkerError(WorkerErrorCode.ArtifactMissing, `no artifact ${digest} in ${repository}`, {
            cause: err,
          });
        }
        throw err;
      }
    },
    async has(digest) {
      return (await client.lookup(repository, tagOf(digest))).state === 'present';
    },
  };
}
