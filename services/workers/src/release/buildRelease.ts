import { dirname, resolve } from 'node:path';
import type { Consumption } from '@shiplog/bus';
import type { ReleaseManifest, ReleasePackage } from '@shiplog/release';
import { planRelease } from '@shiplog/release';
import { builtFromRecord } from '../builtFromRecord.ts';
import { buildJobId } from '../enqueueRelease.ts';
import { enqueueJob } from '../enqueueJob.ts';
import { WorkerQueue } from '../jobs.ts';
import type { BuildJob, BuiltArtifact } from '../jobs.ts';
import { startWorker } from '../startWorker.ts';
import type { WorkerContext } from '../workerContext.ts';
import type { ReleaseProgress } from './releaseReport.ts';

export interface BuildReleaseOptions {
  readonly manifest: ReleaseManifest;
  readonly manifestPath: string;
  readonly ctx: WorkerContext;
  /** Run the build, SBOM and sign workers here (embedded), or leave the jobs to the bus's workers. */
  readonly inProcess: boolean;
  /** Tells this run's jobs apart from an earlier run's in the bus's dedupe window. */
  readonly attempt: string;
  readonly startedAt: Date;
  readonly timeoutMs: number;
  readonly pollMs?: number;
  readonly onProgress: (progress: ReleaseProgress) => void;
}

export type BuildResult =
  | { readonly ok: true; readonly artifacts: ReadonlyMap<string, readonly BuiltArtifact[]> }
  | { readonly ok: false; readonly package: string; readonly code: string; readonly message: string };

/** The package's built, SBOM'd and signed files as the ledger has them; undefined until all are. */
async function finished(
  manifest: ReleaseManifest,
  pkg: ReleasePackage,
  ctx: WorkerContext,
): Promise<BuiltArtifact[] | undefined> {
  const jobId = buildJobId(manifest, pkg.name);
  const files: BuiltArtifact[] = [];
  for (let i = 0; i < pkg.build.outputs.length; i++) {
    const record = await ctx.store.readEvent(`${jobId}.packaged.${i}`);
    const built = record === undefined ? undefined : builtFromRecord(record);
    if (built === undefined) return undefined;
    const sbom = await ctx.store.readEvent(`${jobId}.${i}.sbom`);
    const signed = await ctx.store.readEvent(`${jobId}.${i}.signed`);
    if (sbom === undefined || signed === undefined) return undefined;
    files.push(built);
  }
  return files;
}

interface Failure {
  readonly package: string;
  readonly code: string;
  readonly message: string;
}

function failureOf(result: unknown): { code: string; message: string } | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const r = result as { status?: unknown; code?: unknown; message?: unknown };
  return r.status === 'failed' && typeof r.code === 'string' && typeof r.message === 'string'
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
  const onError = ({ msgId, error }: { msgId: string | undefined; error: unknown }): void => {
    const jobId = msgId?.replace(/^[a-z]+\./, '').replace(/#.*$/, '') ?? '';
    const name = [...byJob.entries()].find(([id]) => jobId === id || jobId.startsWith(`${id}.`))?.[1];
    if (name === undefined) return;
    const code = (error as { code?: unknown }).code;
    failures.push({
      package: name,
      code: typeof code === 'string' ? code : 'WORKER_FAILED',
      message: error instanceof Error ? error.message : String(error),
    });
  };
  const started: Consumption[] = [];
  try {
    started.push(
      await startWorker(WorkerQueue.Build, ctx, {
        platforms,
        onOutcome: ({ jobId, result }) => {
          const failure = failureOf(result);
          const name = byJob.get(jobId);
          if (failure !== undefined && name !== undefined) failures.push({ package: name, ...failure });
        },
        onError,
      }),
      await startWorker(WorkerQueue.Sbom, ctx, { onError }),
      await startWorker(WorkerQueue.Sign, ctx, { onError }),
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
  const record = await options.ctx.store.readEvent(`${buildJobId(options.manifest, pkg.name)}.failed`);
  if (record === undefined || record.recordedAt < options.startedAt.toISOString()) return undefined;
  const data = (JSON.parse(record.data) as { customData?: { code?: string; message?: string } }).customData;
  return {
    package: pkg.name,
    code: data?.code ?? 'BUILD_FAILED',
    message: data?.message ?? 'the build failed',
  };
}

/**
 * The build phase of a release: every package whose files the ledger does not yet hold built,
 * SBOM'd and signed gets a build job (on its platform's queue; SBOM and sign jobs follow), and the
 * phase waits until the ledger holds them all, a build fails, or `timeoutMs` passes. Packages
 * finished by an earlier run are not built again.
 */
export async function buildRelease(options: BuildReleaseOptions): Promise<BuildResult> {
  const { manifest, ctx, onProgress } = options;
  const built = new Map<string, BuiltArtifact[]>();
  const pending = new Map<string, ReleasePackage>();
  for (const step of planRelease(manifest).builds) {
    const pkg = manifest.packages.find((p) => p.name === step.package) as ReleasePackage;
    const files = await finished(manifest, pkg, ctx);
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
      const job: BuildJob = {
        jobId: buildJobId(manifest, pkg.name),
        release: manifest.release,
        version: manifest.version,
        requestedAt: options.startedAt.toISOString(),
        manifestDir: dirname(resolve(options.manifestPath)),
        package: pkg,
      };
      await enqueueJob(ctx.bus, WorkerQueue.Build, job, pkg.build.platform, options.attempt);
      onProgress({ phase: 'build', package: pkg.name, message: `queued for ${pkg.build.platform}` });
    }
    const deadline = Date.now() + options.timeoutMs;
    while (pending.size > 0) {
      for (const pkg of [...pending.values()]) {
        const failure = failures.find((f) => f.package === pkg.name) ?? (await recordedFailure(options, pkg));
        if (failure !== undefined) return { ok: false, ...failure };
        const files = await finished(manifest, pkg, ctx);
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
        return {
          ok: false,
          package: names,
          code: 'BUILD_TIMEOUT',
          message: `not built, SBOM'd and signed in time: ${names}`,
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
