import { packagePurl } from '@shiplog/release';
import { buildEvent } from '@shiplog/sdk';
import { enqueueJob } from './enqueueJob.ts';
import { WorkerError } from './errors.ts';
import { WorkerQueue } from './jobs.ts';
import type { BuildJob, BuiltArtifact } from './jobs.ts';
import { recordOutcome } from './recordOutcome.ts';
import { runRecipe } from './runRecipe.ts';
import type { WorkerContext } from './workerContext.ts';
import { builtFromRecord } from './builtFromRecord.ts';

const SOURCE = '/shiplog/workers/build';

/** What a build job ended with. */
export type BuildOutcome =
  | { readonly status: 'built'; readonly artifacts: readonly BuiltArtifact[]; readonly reused: boolean }
  | { readonly status: 'failed'; readonly code: string; readonly message: string };

const packagedId = (job: BuildJob, index: number): string => `${job.jobId}.packaged.${index}`;

async function alreadyBuilt(job: BuildJob, ctx: WorkerContext): Promise<BuiltArtifact[] | undefined> {
  const found: BuiltArtifact[] = [];
  for (let i = 0; i < job.package.build.outputs.length; i++) {
    const record = await ctx.store.readEvent(packagedId(job, i));
    const built = record === undefined ? undefined : builtFromRecord(record);
    if (built === undefined) return undefined;
    found.push(built);
  }
  return found;
}

/**
 * Runs one build job: the recipe in a clean directory, every output into the artifact store by
 * sha256 and sha512, one `artifact.packaged` per output, then SBOM and sign jobs for each. A
 * redelivered job whose outputs are all recorded only re-enqueues its follow-ups.
 */
export async function handleBuildJob(
  job: BuildJob,
  ctx: WorkerContext,
  working?: () => void,
): Promise<BuildOutcome> {
  const startedOn = ctx.now();
  let artifacts = await alreadyBuilt(job, ctx);
  const reused = artifacts !== undefined;
  if (artifacts === undefined) {
    let outputs;
    try {
      outputs = await runRecipe({
        recipe: job.package.build,
        baseDir: job.manifestDir,
        env: { ...ctx.recipeEnv, SOURCE_DATE_EPOCH: String(ctx.sourceDateEpoch) },
        ...(working === undefined ? {} : { onProgress: working }),
      });
    } catch (err) {
      if (!(err instanceof WorkerError)) throw err;
      await recordFailure(job, ctx, err);
      return { status: 'failed', code: err.code, message: err.message };
    }
    artifacts = [];
    for (const [index, output] of outputs.entries()) {
      const stored = await ctx.artifacts.put(output.bytes);
      const pkg = job.package;
      const several = pkg.build.outputs.length > 1;
      const purl = packagePurl(pkg.ecosystem, pkg.name, job.version, {
        digest: stored.digest,
        ...(several ? { fileName: output.fileName } : {}),
      });
      const event = buildEvent('dev.cdevents.artifact.packaged.0.3.0', {
        id: packagedId(job, index),
        source: SOURCE,
        timestamp: ctx.now(),
        subjectId: purl,
        content: { change: { id: `release-${job.release}-${job.version}` } },
        customData: {
          package: pkg.name,
          ecosystem: pkg.ecosystem,
          fileName: output.fileName,
          sha512: stored.sha512,
          size: stored.size,
          location: stored.location,
          platform: pkg.build.platform,
          runner: ctx.runner,
          job: job.jobId,
        },
      });
      const answer = await recordOutcome(ctx.recorder, ctx.store, event);
      // A crash between two outputs: the first is recorded already, keep what the ledger holds.
      const record = answer.status === 'duplicate' ? await ctx.store.readEvent(event.context.id) : undefined;
      const built = record === undefined ? undefined : builtFromRecord(record);
      artifacts.push(
        built ?? {
          package: pkg.name,
          ecosystem: pkg.ecosystem,
          fileName: output.fileName,
          digest: stored.digest,
          sha512: stored.sha512,
          purl,
          packagedEventId: event.context.id,
        },
      );
    }
  }
  const finishedOn = ctx.now();
  for (const [index, artifact] of artifacts.entries()) {
    const base = { release: job.release, version: job.version, requestedAt: job.requestedAt, artifact };
    await enqueueJob(ctx.bus, WorkerQueue.Sbom, { ...base, jobId: `${job.jobId}.${index}` });
    await enqueueJob(ctx.bus, WorkerQueue.Sign, {
      ...base,
      jobId: `${job.jobId}.${index}`,
      recipe: job.package.build,
      builder: ctx.runner,
      startedOn: startedOn.toISOString(),
      finishedOn: finishedOn.toISOString(),
    });
  }
  return { status: 'built', artifacts, reused };
}

async function recordFailure(job: BuildJob, ctx: WorkerContext, err: WorkerError): Promise<void> {
  // A failure is recorded once; a later redelivery that fails again has nothing new to say.
  if ((await ctx.store.readEvent(`${job.jobId}.failed`)) !== undefined) return;
  const event = buildEvent('dev.cdevents.build.finished.0.3.0', {
    id: `${job.jobId}.failed`,
    source: SOURCE,
    timestamp: job.requestedAt,
    subjectId: `${job.release}/${job.version}/${job.package.name}`,
    content: {},
    customData: {
      outcome: 'failure',
      code: err.code,
      message: err.message.slice(0, 2_000),
      runner: ctx.runner,
    },
  });
  await recordOutcome(ctx.recorder, ctx.store, event);
}
