import { releaseIds } from '@shiplog/ledger';
import { packagePurl } from '@shiplog/release';
import type { ReleasePackage } from '@shiplog/release';
import { buildEvent } from '@shiplog/sdk';
import type { StoredBlob } from './artifactStore.ts';
import { builtFromRecord } from './builtFromRecord.ts';
import type { BuiltArtifact } from './jobs.ts';
import { ociManifestFacts } from './ociWasmManifest.ts';
import { readOwnEvent } from './readOwnEvent.ts';
import { recordOutcome } from './recordOutcome.ts';
import { releaseChangeOf } from './release/releaseId.ts';
import type { WorkerContext } from './workerContext.ts';

/** One stored file of a package, and where and by whom it was built. */
export interface PackagedFile {
  readonly pkg: ReleasePackage;
  readonly release: string;
  readonly version: string;
  /** The package's own version (`packageVersion`: the release's unless the manifest gives one). */
  readonly packageVersion: string;
  readonly run: number;
  readonly entryDigest: string;
  /** The build job id (`buildJobId`); the event id is `<jobId>.packaged.<index>`. */
  readonly jobId: string;
  readonly index: number;
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly stored: StoredBlob;
  /** The build worker, or the CI matrix job that handed the file in. */
  readonly runner: string;
  readonly startedOn: Date;
  readonly finishedOn: Date;
  /** Set for a file a CI matrix job built and handed in (`shiplog release add-artifact`). */
  readonly handedIn?: { readonly platform: string };
  readonly source: string;
}

/**
 * Records one `artifact.packaged` for a built file (its purl with the digest, and in custom data
 * the run, the manifest entry's digest, the runner and the timing the sign worker's provenance
 * reads back). A crash between two files: what the ledger already holds under the id is kept.
 */
export async function recordPackagedFile(ctx: WorkerContext, file: PackagedFile): Promise<BuiltArtifact> {
  const { pkg, stored } = file;
  const several = pkg.build.outputs.length > 1;
  const oci =
    pkg.ecosystem === 'oci-wasm'
      ? ociManifestFacts(file.fileName, file.bytes, ctx.sourceDateEpoch)
      : undefined;
  const purl = packagePurl(pkg, file.packageVersion, {
    digest: stored.digest,
    ...(several ? { fileName: file.fileName } : {}),
    ...(oci === undefined ? {} : { manifestDigest: oci.manifestDigest }),
  });
  const event = buildEvent('dev.cdevents.artifact.packaged.0.3.0', {
    id: releaseIds.packaged(file.jobId, file.index),
    source: file.source,
    timestamp: ctx.now(),
    subjectId: purl,
    content: { change: { id: releaseChangeOf(file) } },
    customData: {
      package: pkg.name,
      ecosystem: pkg.ecosystem,
      fileName: file.fileName,
      sha512: stored.sha512,
      size: stored.size,
      location: stored.location,
      platform: pkg.build.platform,
      runner: file.runner,
      job: file.jobId,
      // What the sign worker's provenance says, read back from here rather than from its job.
      release: file.release,
      version: file.version,
      packageVersion: file.packageVersion,
      run: file.run,
      entryDigest: file.entryDigest,
      startedOn: file.startedOn.toISOString(),
      finishedOn: file.finishedOn.toISOString(),
      ...(oci === undefined ? {} : { oci }),
      ...(file.handedIn === undefined ? {} : { handedIn: file.handedIn }),
    },
  });
  const answer = await recordOutcome(ctx, event);
  const record = answer.status === 'duplicate' ? await readOwnEvent(ctx.store, event.context.id) : undefined;
  const built = record === undefined ? undefined : builtFromRecord(record);
  return (
    built ?? {
      package: pkg.name,
      ecosystem: pkg.ecosystem,
      fileName: file.fileName,
      digest: stored.digest,
      sha512: stored.sha512,
      purl,
      packagedEventId: event.context.id,
    }
  );
}
