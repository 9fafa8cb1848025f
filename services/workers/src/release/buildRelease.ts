import { awaitFact, LedgerError, LedgerErrorCode } from '@shiplog/ledger';
import type { Consumption } from '@shiplog/bus';
import type { ReleaseManifest, ReleasePackage } from '@shiplog/release';
import { planRelease } from '@shiplog/release';
import { buildJobId, buildJobOf } from '../buildJobs.ts';
import { enqueueJob } from '../enqueueJob.ts';
import { WorkerQueue } from '../jobs.ts';
import type { BuiltArtifact } from '../jobs.ts';
import { readOwnEvent } from '../readOwnEvent.ts';
import { startWorker } from '../startWorker.ts';
import type { WorkerContext } from '../workerContext.ts';
import { interrupted, packageProgress, timedOut } from './buildProgress.ts';
import type { Failure } from './buildProgress.ts';
import { builtFiles, finishedFiles } from './packageBuilds.ts';
import { releaseIdOf, runStartedId } from './releaseId.ts';
import type { ReleaseProgress } from './releaseReport.ts';

export interface BuildReleaseOptions {
  readonly manifest: ReleaseManifest;
  readonly ctx: WorkerContext;
  /** Run the build, SBOM and sign workers here (embedded), or leave the jobs to the bus's workers. */
  readonly inProcess: boolean;
  /** The run whose recorded manifest the build jobs name; also tells its jobs apart in the dedupe window. */
  readonly run: number;
  readonly startedAt: Date;
  readonly timeoutMs: number;
  /** Aborted (Ctrl-C, SIGTERM): the phase stops waiting and says so. */
  readonly signal?: AbortSignal;
  readonly onProgress: (progress: ReleaseProgress) => void;
}

export type BuildResult =
  | { readonly ok: true; readonly artifacts: ReadonlyMap<string, readonly BuiltArtifact[]> }
  | { readonly ok: false; readonly package: string; readonly code: string; readonly message: string };

function failureOf(result: unknown): { code: string; message: string } | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const r = result as { status?: unknown; code?: unknown; message?: unknown };
  return (r.status === 'failed' || r.status === 'refused') &&
    typeof r.code === 'string' &&
    typeof r.message === 'string'
    ? { code: r.code, message: r.message }
    : undefined;
}

async function startWorkers(
  options: BuildReleaseOptions,
  pending: Map<string, ReleasePackage>,
  onFailure: (failure: Failure) => void,
): Promise<Consumption[]> {
  const { ctx, manifest } = options;
  const platforms = [...new Set(['any', ...manifest.packages.map((p) => p.build.platform)])];
  const byJob = new Map([...pending.values()].map((p) => [buildJobId(manifest, p.name), p.name]));
  // A job that throws here (a signing key that cannot sign, an artifact store that cannot write)
  // would only be retried: the run reports it instead of waiting for the build timeout.
  const packageOf = (jobId: string): string | undefined =>
    [...byJob.entries()].find(([id]) => jobId === id || jobId.startsWith(`${id}.`))?.[1];
  const onError = ({ msgId, error }: { msgId: string | undefined; error: unknown }): void => {
    const name = packageOf(msgId?.replace(/^[a-z]+\./, '').replace(/#.*$/, '') ?? '');
    if (name === undefined) return;
    const code = (error as { code?: unknown }).code;
    onFailure({
      package: name,
      code: typeof code === 'string' ? code : 'WORKER_FAILED',
      message: error instanceof Error ? error.message : String(error),
    });
  };
  const onOutcome = ({ jobId, result }: { jobId: string; result: unknown }): void => {
    const failure = failureOf(result);
    const name = packageOf(jobId);
    if (failure !== undefined && name !== undefined) onFailure({ package: name, ...failure });
  };
  const started: Consumption[] = [];
  try {
    started.push(
      await startWorker(WorkerQueue.Build, ctx, { platforms, onOutcome, onError }),
      await startWorker(WorkerQueue.Sbom, ctx, { onOutcome, onError }),
      await startWorker(WorkerQueue.Sign, ctx, { onOutcome, onError }),
    );
  } catch (err) {
    await Promise.allSettled(started.map((c) => c.stop()));
    throw err;
  }
  return started;
}

/**
 * The build phase of a release: every package whose files the ledger does not yet hold built gets
 * a build job naming its entry in the manifest this run recorded (on its platform's queue); once
 * the ledger holds a package's build, this issues its SBOM and sign jobs; the phase waits until the
 * ledger holds every file built, SBOM'd and signed, a job fails, or `timeoutMs` passes. Packages
 * finished by an earlier run are not built again.
 */
export async function buildRelease(options: BuildReleaseOptions): Promise<BuildResult> {
  const { manifest, ctx, onProgress } = options;
  const built = new Map<string, BuiltArtifact[]>();
  const pending = new Map<string, ReleasePackage>();
  for (const step of planRelease(manifest).builds) {
    const pkg = manifest.packages.find((p) => p.name === step.package) as ReleasePackage;
    const files = await finishedFiles(manifest, pkg, ctx);
    if (files === undefined) pending.set(pkg.name, pkg);
    else {
      built.set(pkg.name, files);
      onProgress({ phase: 'build', package: pkg.name, message: 'built earlier' });
    }
  }
  if (pending.size === 0) return { ok: true, artifacts: built };

  const failures: Failure[] = [];
  // An in-process worker's failure arrives by callback, not as a fact: it ends the wait at once.
  const failed = new AbortController();
  const onFailure = (failure: Failure): void => {
    failures.push(failure);
    failed.abort('a build job failed');
  };
  const workers = options.inProcess ? await startWorkers(options, pending, onFailure) : [];
  try {
    if (options.signal?.aborted === true) return interrupted(options.signal, pending);
    // What the ledger held when this run started is read below; the wait sees every fact after it.
    const afterPosition =
      (await readOwnEvent(ctx.store, runStartedId(releaseIdOf(manifest), options.run)))?.position ?? 0;
    for (const pkg of pending.values()) {
      if ((await builtFiles(manifest, pkg, ctx)) !== undefined) continue;
      if (pkg.build.prebuilt === true) {
        onProgress({
          phase: 'build',
          package: pkg.name,
          message: `waiting for the ${pkg.build.platform} CI matrix job to hand it in (shiplog release add-artifact ${manifest.release}@${manifest.version} PATH)`,
        });
        continue;
      }
      const job = buildJobOf(manifest, pkg, options.run, options.startedAt);
      await enqueueJob(ctx.bus, WorkerQueue.Build, job, pkg.build.platform, `run-${options.run}`);
      onProgress({ phase: 'build', package: pkg.name, message: `queued for ${pkg.build.platform}` });
    }
    const progress = packageProgress(options, failures, built, pending);
    for (const pkg of [...pending.values()]) {
      const failure = await progress.recheck(pkg);
      if (failure !== undefined) return { ok: false, ...failure };
    }
    if (pending.size > 0) {
      const jobs = new Map([...pending.values()].map((p) => [`${buildJobId(manifest, p.name)}.`, p]));
      const signals = [failed.signal, ...(options.signal === undefined ? [] : [options.signal])];
      try {
        const failure = await awaitFact(
          ctx.store,
          {
            afterPosition,
            deadline: Date.now() + options.timeoutMs,
            signal: AbortSignal.any(signals),
            awaiting: `the builds of ${[...pending.keys()].join(', ')}`,
          },
          async ({ record }) => {
            const pkg = [...jobs].find(
              ([prefix, p]) => record.id.startsWith(prefix) && pending.has(p.name),
            )?.[1];
            if (pkg === undefined) return undefined;
            return (await progress.recheck(pkg)) ?? (pending.size === 0 ? 'done' : undefined);
          },
        );
        if (failure !== 'done') return { ok: false, ...failure };
      } catch (err) {
        const failure = failures.find((f) => pending.has(f.package));
        if (failure !== undefined) return { ok: false, ...failure };
        if (!(err instanceof LedgerError)) throw err;
        if (err.code === LedgerErrorCode.WaitAborted && options.signal !== undefined) {
          // Not a worker's failure (none is pending), so the caller's signal stopped the run.
          return interrupted(options.signal, pending);
        }
        if (err.code !== LedgerErrorCode.WaitDeadline) throw err;
        return timedOut(options, pending);
      }
    }
    // Keep the plan's order, whatever order the builds finished in.
    return { ok: true, artifacts: new Map(manifest.packages.map((p) => [p.name, built.get(p.name) ?? []])) };
  } finally {
    await Promise.allSettled(workers.map((c) => c.stop()));
  }
}
