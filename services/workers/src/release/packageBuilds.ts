import { releaseIds } from '@shiplog/ledger';
import type { Bus } from '@shiplog/bus';
import type { ReleaseManifest, ReleasePackage } from '@shiplog/release';
import { buildJobId, followUpJobId } from '../buildJobs.ts';
import { builtFromRecord } from '../builtFromRecord.ts';
import { enqueueJob } from '../enqueueJob.ts';
import { WorkerQueue } from '../jobs.ts';
import type { BuiltArtifact, SbomJob } from '../jobs.ts';
import type { WorkerContext } from '../workerContext.ts';
import { readOwnEvent } from '../readOwnEvent.ts';

/** The package's files as the build worker recorded them; undefined until all are. */
export async function builtFiles(
  manifest: ReleaseManifest,
  pkg: ReleasePackage,
  ctx: WorkerContext,
): Promise<BuiltArtifact[] | undefined> {
  const jobId = buildJobId(manifest, pkg.name);
  const files: BuiltArtifact[] = [];
  for (let i = 0; i < pkg.build.outputs.length; i++) {
    const record = await readOwnEvent(ctx.store, releaseIds.packaged(jobId, i));
    const built = record === undefined ? undefined : builtFromRecord(record);
    if (built === undefined) return undefined;
    files.push(built);
  }
  return files;
}

/** The package's built, SBOM'd and signed files as the ledger has them; undefined until all are. */
export async function finishedFiles(
  manifest: ReleaseManifest,
  pkg: ReleasePackage,
  ctx: WorkerContext,
): Promise<BuiltArtifact[] | undefined> {
  const files = await builtFiles(manifest, pkg, ctx);
  for (const file of files ?? []) {
    const jobId = followUpJobId(file.packagedEventId) ?? '';
    const sbom = await readOwnEvent(ctx.store, releaseIds.sbom(jobId));
    const signed = await readOwnEvent(ctx.store, releaseIds.signed(jobId));
    if (sbom === undefined || signed === undefined) return undefined;
  }
  return files;
}

/**
 * The SBOM and sign jobs of a package's recorded files. The release runner issues them, not the
 * build worker: workers only take jobs, so a forged job cannot start a chain the runner did not ask for.
 */
export async function issueFollowUps(
  bus: Bus,
  run: { readonly release: string; readonly version: string; readonly run: number; readonly startedAt: Date },
  files: readonly BuiltArtifact[],
): Promise<void> {
  for (const file of files) {
    const job: SbomJob = {
      jobId: followUpJobId(file.packagedEventId) ?? file.packagedEventId,
      release: run.release,
      version: run.version,
      requestedAt: run.startedAt.toISOString(),
      packagedEventId: file.packagedEventId,
    };
    await enqueueJob(bus, WorkerQueue.Sbom, job, 'any', `run-${run.run}`);
    await enqueueJob(bus, WorkerQueue.Sign, job, 'any', `run-${run.run}`);
  }
}
