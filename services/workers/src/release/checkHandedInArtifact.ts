import { artifactMismatchError, checkArtifactsAgainstManifest } from '@shiplog/release';
import type { ReleaseManifest, ReleasePackage } from '@shiplog/release';
import { WorkerError, WorkerErrorCode } from '../errors.ts';

/** One file a CI matrix job hands in, matched to its manifest entry. */
export interface HandedInCandidate {
  readonly manifest: ReleaseManifest;
  readonly pkg: ReleasePackage;
  /** The package's own version (the release's unless the manifest gives one). */
  readonly version: string;
  readonly fileName: string;
  readonly bytes: Uint8Array;
}

/**
 * The content check of a handed-in file before anything of it is stored or recorded: an empty
 * file is refused, and the name and version read from inside it must be the manifest's
 * (`ARTIFACT_MISMATCH`, the same check files shiplog's build workers built get before upload).
 */
export function checkHandedInArtifact(candidate: HandedInCandidate): void {
  if (candidate.bytes.length === 0) {
    throw new WorkerError(
      WorkerErrorCode.ArtifactNotInManifest,
      `${candidate.fileName} is empty: not a build of ${candidate.pkg.name}@${candidate.version}; nothing was recorded`,
    );
  }
  const mismatches = checkArtifactsAgainstManifest(candidate.manifest, [
    { package: candidate.pkg.name, fileName: candidate.fileName, bytes: candidate.bytes },
  ]);
  if (mismatches.length > 0) throw artifactMismatchError(mismatches);
}
