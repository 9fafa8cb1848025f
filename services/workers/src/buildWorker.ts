import { releaseIds } from '@shiplog/ledger';
import { join } from 'node:path';
import { packageVersion } from '@shiplog/release';
import { buildJobId } from './buildJobs.ts';
import { builtFromRecord } from './builtFromRecord.ts';
import { WorkerError, WorkerErrorCode } from './errors.ts';
import type { BuildJob, BuiltArtifact } from './jobs.ts';
import { readRecordedEntry } from './recordedEntry.ts';
import type { RecordedEntry } from './recordedEntry.ts';
import { recordBuildFailure } from './recordBuildFailure.ts';
import { recordPackagedFile } from './packagedEvent.ts';
import { runCount } from './release/releaseStatus.ts';
import { refuseJob } from './refuseJob.ts';
import type { RefusedJob } from './refuseJob.ts';
import { runRecipe } from './runRecipe.ts';
import type { WorkerContext } from './workerContext.ts';
import { readOwnEvent } from './readOwnEvent.ts';

const SOURCE = '/shiplog/workers/build';

/** What a build job ended with. */
export type BuildOutcome =
  | { readonly status: 'built'; readonly artifacts: readonly BuiltArtifact[]; readonly reused: boolean }
  | { readonly status: 'failed'; readonly code: string; readonly message: string }
  | RefusedJob;

const packagedId = (job: BuildJob, index: number): string => releaseIds.packaged(job.jobId, index);

async function alreadyBuilt(
  job: BuildJob,
  entry: RecordedEntry,
  ctx: WorkerContext,
): Promise<BuiltArtifact[] | undefined> {
  const found: BuiltArtifact[] = [];
  for (let i = 0; i < entry.pkg.build.outputs.length; i++) {
    const record = await readOwnEvent(ctx.store, packagedId(job, i));
    const built = record === undefined ? undefined : builtFromRecord(record);
    if (built === undefined) return undefined;
    found.push(built);
  }
  return found;
}

/** The recorded manifest entry a job names, if the job names it exactly (digest and id). */
async function entryOf(job: BuildJob, ctx: WorkerContext): Promise<RecordedEntry> {
  const entry = await readRecordedEntry(ctx.store, job);
  // Only the latest run's jobs: an older run's recorded recipe is not what the release asks for now.
  const latest = await runCount(ctx.store, `${job.release}@${job.version}`);
  if (job.run !== latest) {
    throw new WorkerError(
      WorkerErrorCode.JobUnrecorded,
      `the job names run ${job.run} of ${job.release}@${job.version}; the latest run is ${latest}`,
    );
  }
  if (entry.entryDigest !== job.entryDigest) {
    throw new WorkerError(
      WorkerErrorCode.JobDigestMismatch,
      `the job names ${job.package} of release run ${job.run} as ${job.entryDigest}; the recorded manifest entry is ${entry.entryDigest}`,
    );
  }
  if (entry.pkg.build.prebuilt === true) {
    throw new WorkerError(
      WorkerErrorCode.PrebuiltNotBuilt,
      `${job.package} is prebuilt: a CI matrix job builds it and hands it in (shiplog release add-artifact); build workers never run its command`,
    );
  }
  const expected = buildJobId(entry.manifest, entry.pkg.name);
  if (job.jobId !== expected)
    throw new WorkerError(
      WorkerErrorCode.JobUnrecorded,
      `the build of ${job.package} is job ${expected}, not ${job.jobId}`,
    );
  return entry;
}

/**
 * Runs one build job: the recipe of the manifest entry its release run recorded (never a recipe
 * from the job), from the worker's workspace, in a clean directory; every output into the artifact
 * store by sha256 and sha512 and one `artifact.packaged` per output. A job naming no recorded entry,
 * or with another digest, is refused (rejected log, nothing run). Issues no follow-up jobs: the
 * release runner does, once it sees the build in the ledger. A redelivered job whose outputs are
 * all recorded reuses them.
 */
export async function handleBuildJob(
  job: BuildJob,
  ctx: WorkerContext,
  working?: () => void,
): Promise<BuildOutcome> {
  let entry: RecordedEntry;
  try {
    entry = await entryOf(job, ctx);
  } catch (err) {
    if (!(err instanceof WorkerError)) throw err;
    return refuseJob(ctx, 'build', job, err);
  }
  const found = await alreadyBuilt(job, entry, ctx);
  if (found !== undefined) return { status: 'built', artifacts: found, reused: true };
  const pkg = entry.pkg;
  const startedOn = ctx.now();
  let outputs;
  try {
    outputs = await runRecipe({
      recipe: pkg.build,
      baseDir: join(ctx.workspace, entry.checkout),
      env: { ...ctx.recipeEnv, SOURCE_DATE_EPOCH: String(ctx.sourceDateEpoch) },
      ...(pkg.build.timeoutSeconds === undefined ? {} : { timeoutMs: pkg.build.timeoutSeconds * 1_000 }),
      ...(working === undefined ? {} : { onProgress: working }),
      ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
    });
  } catch (err) {
    if (!(err instanceof WorkerError)) throw err;
    // Killed because the release run was stopped: not a fact about the recipe, nothing recorded.
    if (ctx.signal?.aborted === true)
      return {
        status: 'failed',
        code: WorkerErrorCode.ReleaseInterrupted,
        message: 'the release run was stopped',
      };
    await recordFailure(job, ctx, err);
    return { status: 'failed', code: err.code, message: ctx.secrets.redact(err.message) };
  }
  const finishedOn = ctx.now();
  const version = packageVersion(entry.manifest, pkg);
  const artifacts: BuiltArtifact[] = [];
  for (const [index, output] of outputs.entries()) {
    const stored = await ctx.artifacts.put(output.bytes);
    artifacts.push(
      await recordPackagedFile(ctx, {
        pkg,
        release: job.release,
        version: job.version,
        packageVersion: version,
        run: job.run,
        entryDigest: entry.entryDigest,
        jobId: job.jobId,
        index,
        fileName: output.fileName,
        bytes: output.bytes,
        stored,
        runner: ctx.runner,
        startedOn,
        finishedOn,
        source: SOURCE,
      }),
    );
  }
  return { status: 'built', artifacts, reused: false };
}

async function recordFailure(job: BuildJob, ctx: WorkerContext, err: WorkerError): Promise<void> {
  await recordBuildFailure(ctx, {
    jobId: job.jobId,
    subjectId: `${job.release}/${job.version}/${job.package}`,
    timestamp: job.requestedAt,
    code: err.code,
    message: err.message,
    runner: ctx.runner,
    source: SOURCE,
  });
}
