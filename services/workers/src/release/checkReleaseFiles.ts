import { createShiplogEvent, policyViolatedType } from '@shiplog/events';
import { artifactMismatchError, checkArtifactsAgainstManifest, ReleaseErrorCode } from '@shiplog/release';
import type { ArtifactMismatch, ReleaseFile, ReleaseManifest } from '@shiplog/release';
import type { BuiltArtifact } from '../jobs.ts';
import { recordOutcome } from '../recordOutcome.ts';
import type { WorkerContext } from '../workerContext.ts';

const SOURCE = '/shiplog/workers/publish';

/** Files that are not what the manifest releases: the error, and each package's own part of it. */
export interface ReleaseFilesRefused {
  readonly code: string;
  readonly message: string;
  readonly packages: ReadonlyMap<string, { readonly code: string; readonly message: string }>;
}

/**
 * Reads every built file of the release (the bytes the ledger recorded) and checks it against the
 * manifest (`checkArtifactsAgainstManifest`); each file that disagrees gets a `policy.violated`
 * ARTIFACT_MISMATCH recorded (once per run) and the release is refused before any upload.
 */
export async function checkReleaseFiles(
  manifest: ReleaseManifest,
  artifacts: ReadonlyMap<string, readonly BuiltArtifact[]>,
  ctx: WorkerContext,
  runId: string,
): Promise<ReleaseFilesRefused | undefined> {
  const files: (ReleaseFile & { readonly built: BuiltArtifact })[] = [];
  for (const pkg of manifest.packages) {
    for (const built of artifacts.get(pkg.name) ?? []) {
      files.push({
        package: pkg.name,
        fileName: built.fileName,
        bytes: await ctx.artifacts.get(built.digest),
        built,
      });
    }
  }
  const mismatches = checkArtifactsAgainstManifest(manifest, files);
  if (mismatches.length === 0) return undefined;
  const byPackage = new Map<string, ArtifactMismatch[]>();
  for (const m of mismatches) byPackage.set(m.package, [...(byPackage.get(m.package) ?? []), m]);
  for (const [index, file] of files.entries()) {
    const own = mismatches.filter((m) => m.package === file.package && m.fileName === file.fileName);
    if (own.length === 0) continue;
    const message = `${file.fileName}: ${own.map((m) => m.message).join('; ')}; nothing uploaded`;
    await recordOutcome(
      ctx,
      createShiplogEvent(policyViolatedType, {
        id: `${runId}.artifact-mismatch.${index}`,
        source: SOURCE,
        timestamp: ctx.now(),
        subjectId: file.built.purl,
        content: {
          rule: { code: ReleaseErrorCode.ArtifactMismatch, message: message.slice(0, 2_000) },
          severity: 'critical',
          offendingEventId: file.built.packagedEventId,
          artifact: { digest: file.built.digest, purl: file.built.purl },
        },
      }),
    );
  }
  const error = artifactMismatchError(mismatches);
  return {
    code: error.code,
    message: error.message,
    packages: new Map(
      [...byPackage].map(([name, own]) => [
        name,
        { code: error.code, message: own.map((m) => `${m.fileName}: ${m.message}`).join('; ') },
      ]),
    ),
  };
}
