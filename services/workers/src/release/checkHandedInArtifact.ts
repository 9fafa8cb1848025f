import type { ReleasePackage } from '@shiplog/release';
import { WorkerError, WorkerErrorCode } from '../errors.ts';

/** One file a CI matrix job hands in, matched to its manifest entry. */
export interface HandedInCandidate {
  readonly pkg: ReleasePackage;
  readonly version: string;
  readonly fileName: string;
  readonly bytes: Uint8Array;
}

/**
 * The content check of a handed-in file before anything of it is stored or recorded: THE hook
 * where the check that reads the name and version from inside an artifact (`ARTIFACT_MISMATCH`,
 * @shiplog/release `checkArtifactsAgainstManifest`) is called for prebuilt files, exactly as it is
 * for files shiplog's build workers built. Until then it refuses only an empty file.
 */
export function checkHandedInArtifact(candidate: HandedInCandidate): void {
  if (candidate.bytes.length === 0) {
    throw new WorkerError(
      WorkerErrorCode.ArtifactNotInManifest,
      `${candidate.fileName} is empty: not a build of ${candidate.pkg.name}@${candidate.version}; nothing was recorded`,
    );
  }
}
