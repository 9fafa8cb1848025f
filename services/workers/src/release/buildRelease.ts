import { releaseIds, storedCustomData } from '@shiplog/ledger';
import type { Consumption } from '@shiplog/bus';
import type { ReleaseManifest, ReleasePackage } from '@shiplog/release';
import { planRelease } from '@shiplog/release';
import { buildJobId, buildJobOf } from '../buildJobs.ts';
import { enqueueJob } from '../enqueueJob.ts';
import { WorkerQueue } from '../jobs.ts';
import type { BuiltArtifact } from '../jobs.ts';
import { startWorker } from '../startWorker.ts';
import type { WorkerContext } from '../workerContext.ts';
import { builtFiles, finishedFiles, issueFollowUps } from './packageBuilds.ts';
import type { ReleaseProgress } from './releaseReport.ts';
import { readOwnEvent } from '../readOwnEvent.ts';
import { WorkerErrorCode } from '../errors.ts';

export interface BuildReleaseOptions {
  readonly manifest: ReleaseManifest;
  readonly ctx: WorkerContext;
  /** Run the build, SBOM and sign workers here (embedded), or leave the jobs to the bus's workers. */
  readonly inProcess: boolean;
  /** The run whose recorded manifest the build jobs name; also tells its jobs apart in the dedupe window. */
  readonly run: number;
  readonly startedAt: Date;
  readonly timeoutMs: number;
  readonly pollMs?: number;
  /** Aborted (Ctrl-C, SIGTERM): the phase stops waiting and says so. */
  readonly signal?: AbortSignal;
  readonly onProgress: (progress: ReleaseProgress) => void;
}

export type BuildResult =
  | { readonly ok: true; readonly artifacts: ReadonlyMap<string, readonly BuiltArtifact[]> }
  | { readonly ok: false; readonly package: string; readonly code: string; readonly message: string };

interface Failure {
  readonly package: string;
  readonly code: string;
  readonly message: string;
}

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
  failures: Failure[],
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
    failures.push({
      package: name,
      code: typeof code === 'string' ? code : 'WORKER_FAILED',
      message: error instanceof Error ? error.message : String(error),
    });
  };
  const onOutcome = ({ jobId, result }: { jobId: string; result: unknown }): void => {
    const failure = failureOf(result);
    const name = packageOf(jobId);
    if (failure !== undefined && name !== undefined) failures.push({ package: name, ...failure });
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

/** A build failure the bus's workers recorded during this run (they record each job's once). */
async function recordedFailure(
  options: BuildReleaseOptions,
  pkg: ReleasePackage,
): Promise<Failure | undefined> {
  const record = await readOwnEvent(
    options.ctx.store,
    releaseIds.buildFailed(buildJobId(options.manifest, pkg.name)),
  );
  if (record === undefined) return undefined;
  // A matrix job may report its failure before the run starts; a build worker's is this run's.
  if (pkg.build.prebuilt !== true && record.recordedAt < options.startedAt.toISOString()) return undefined;
  const data = storedCustomData(record) as { code?: string; message?: string } | undefined;
  return {
    package: pkg.name,
    code: data?.code ?? 'BUILD_FAILED',
    message: data?.message ?? 'the build failed',
  };
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
  const workers = options.inProcess ? await startWorkers(options, pending, failures) : [];
  try {
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
    const followedUp = new Set<string>();
    const deadline = Date.now() + options.timeoutMs;
    while (pending.size > 0) {
      if (options.signal?.aborted === true) {
        const names = [...pending.keys()].join(', ');
        return {
          ok: false,
          package: names,
          code: WorkerErrorCode.ReleaseInterrupted,
          message: `stopped (${String(options.signal.reason)}) before these were built, SBOM'd and signed: ${names}`,
        };
      }
      for (const pkg of [...pending.values()]) {
        const recorded = followedUp.has(pkg.name) ? undefined : await builtFiles(manifest, pkg, ctx);
        // A matrix job's hand-in outweighs an earlier failure it reported (the job was re-run).
        const failure =
          failures.find((f) => f.package === pkg.name) ??
          (recorded !== undefined || followedUp.has(pkg.name)
            ? undefined
            : await recordedFailure(options, pkg));
        if (failure !== undefined) return { ok: false, ...failure };
        if (recorded !== undefined) {
          await issueFollowUps(
            ctx.bus,
            { ...manifest, run: options.run, startedAt: options.startedAt },
            recorded,
          );
          followedUp.add(pkg.name);
        }
        const files = await finishedFiles(manifest, pkg, ctx);
        if (files === undefined) continue;
        built.set(pkg.name, files);
        pending.delete(pkg.name);
        onProgress({
          phase: 'build',
          package: pkg.name,
          message: `built, SBOM and signed (${files.length} file${files.length === 1 ? '' : 's'})`,
        });
      }
      if (pending.size === 0) break;
      if (Date.now() > deadline) {
        const names = [...pending.keys()].join(', ');
        const awaited = [...pending.values()].filter((p) => p.build.prebuilt === true).map((p) => p.name);
        const seconds = Math.round(options.timeoutMs / 1_000);
        return {
          ok: false,
          package: names,
          code: 'BUILD_TIMEOUT',
          message: `not built, SBOM'd and signed within ${seconds}s (--timeout): ${names}${awaited.length === 0 ? '' : `; no CI matrix job handed in ${awaited.join(', ')}`}`,
        };
      }
      await new Promise((r) => setTimeout(r, options.pollMs ?? 200));
    }
    // Keep the plan's order, whatever order the builds finished in.
    return { ok: true, artifacts: new Map(manifest.packages.map((p) => [p.name, built.get(p.name) ?? []])) };
  } finally {
    await Promise.allSettled(workers.map((c) => c.stop()));
  }
}
