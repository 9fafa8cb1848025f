import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WorkerError, WorkerErrorCode } from './errors.ts';

/** What the store knows about stored bytes. */
export interface StoredBlob {
  /** `sha256:<hex>`: the name the bytes are stored under. */
  readonly digest: string;
  /** `sha512:<hex>` of the same bytes. */
  readonly sha512: string;
  readonly size: number;
  /** Where a reader finds the bytes (a `file:` URL for the local store). */
  readonly location: string;
}

/**
 * A content-addressed artifact store: bytes are stored under their sha256 and never change.
 * Two implementations: a local directory (the default) and an OCI registry repository.
 */
export interface ArtifactStore {
  put(bytes: Uint8Array): Promise<StoredBlob>;
  /** The bytes stored under `digest`; `ARTIFACT_MISSING` when absent, `DIGEST_MISMATCH` when altered. */
  get(digest: string): Promise<Uint8Array>;
  has(digest: string): Promise<boolean>;
}

function blobPath(root: string, digest: string): string {
  const match = /^sha256:([0-9a-f]{64})$/.exec(digest);
  if (match?.[1] === undefined)
    throw new WorkerError(WorkerErrorCode.ArtifactMissing, `not a sha256 digest: ${digest}`);
  return join(root, 'sha256', match[1].slice(0, 2), match[1]);
}

/** The local-directory artifact store under `root` (`sha256/<2 hex>/<hex>`). */
export function createLocalArtifactStore(root: string): ArtifactStore {
  return {
    async put(bytes) {
      const hex = createHash('sha256').update(bytes).digest('hex');
      const digest = `sha256:${hex}`;
      const path = blobPath(root, digest);
      const blob = {
        digest,
        sha512: `sha512:${createHash('sha512').update(bytes).digest('hex')}`,
        size: bytes.length,
        location: pathToFileURL(path).href,
      };
      if (await exists(path)) return blob;
      await mkdir(join(path, '..'), { recursive: true });
      // Write then rename: a reader never sees half a blob, and racing writers write the same bytes.
      const temporary = `${path}.${randomUUID()}.tmp`;
      await writeFile(temporary, bytes);
      await rename(temporary, path);
      return blob;
    },
    async get(digest) {
      const path = blobPath(root, digest);
      let bytes: Uint8Array;
      try {
        bytes = await readFile(path);
      } catch (err) {
        throw new WorkerError(WorkerErrorCode.ArtifactMissing, `no artifact ${digest} in the store`, {
          cause: err,
        });
      }
      const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
      if (actual !== digest) {
        throw new WorkerError(
          WorkerErrorCode.DigestMismatch,
          `stored bytes of ${digest} now hash to ${actual}`,
        );
      }
      return bytes;
    },
    has: (digest) => exists(blobPath(root, digest)),
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
