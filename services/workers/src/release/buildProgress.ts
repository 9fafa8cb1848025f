import { releaseIds, storedCustomData } from '@shiplog/ledger';
import type { ReleaseManifest, ReleasePackage } from '@shiplog/release';
import { buildJobId } from '../buildJobs.ts';
import { WorkerErrorCode } from '../errors.ts';
import type { BuiltArtifact } from '../jobs.ts';
import { readOwnEvent } from '../readOwnEvent.ts';
import type { WorkerContext } from '../workerContext.ts';
import { builtFiles, finishedFiles, issueFollowUps } from './packageBuilds.ts';
import type { ReleaseProgress } from './releaseReport.ts';

/** A package whose build, SBOM or signing failed. */
export interface Failure {
  readonly package: string;
  readonly code: string;
  readonly message: string;
}

export interface BuildRun {
  readonly manifest: ReleaseManifest;
  readonly ctx: WorkerContext;
  readonly run: number;
  readonly startedAt: Date;
  readonly timeoutMs: number;
  readonly onProgress: (progress: ReleaseProgress) => void;
}

/** A build failure the bus's workers recorded during this run (they record each job's once). */
async function recordedFailure(options: BuildRun, pkg: ReleasePackage): Promise<Failure | undefined> {
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
 * Where each pending package stands, read from the ledger: `recheck` issues a package's SBOM and
 * sign jobs once its build is recorded, moves it from `pending` to `built` once every file is
 * built, SBOM'd and signed, and returns its failure (an in-process worker's or a recorded one).
 */
export function packageProgress(
  options: BuildRun,
  failures: readonly Failure[],
  built: Map<string, BuiltArtifact[]>,
  pending: Map<string, ReleasePackage>,
): { recheck: (pkg: ReleasePackage) => Promise<Failure | undefined> } {
  const { manifest, ctx } = options;
  const followedUp = new Set<string>();
  return {
    async recheck(pkg) {
      const recorded = followedUp.has(pkg.name) ? undefined : await builtFiles(manifest, pkg, ctx);
      // A matrix job's hand-in outweighs an earlier failure it reported (the job was re-run).
      const failure =
        failures.find((f) => f.package === pkg.name) ??
        (recorded !== undefined || followedUp.has(pkg.name)
          ? undefined
          : await recordedFailure(options, pkg));
      if (failure !== undefined) return failure;
      if (recorded !== undefined) {
        await issueFollowUps(
          ctx.bus,
          { ...manifest, run: options.run, startedAt: options.startedAt },
          recorded,
        );
        followedUp.add(pkg.name);
      }
      const files = await finishedFiles(manifest, pkg, ctx);
      if (files === undefined) return undefined;
      built.set(pkg.name, files);
      pending.delete(pkg.name);
      options.onProgress({
        phase: 'build',
        package: pkg.name,
        message: `built, SBOM and signed (${files.length} file${files.length === 1 ? '' : 's'})`,
      });
      return undefined;
    },
  };
}

/** The run was stopped (Ctrl-C, SIGTERM) while these packages were pending. */
export function interrupted(
  signal: AbortSignal,
  pending: ReadonlyMap<string, ReleasePackage>,
): Failure & { ok: false } {
  const names = [...pending.keys()].join(', ');
  return {
    ok: false,
    package: names,
    code: WorkerErrorCode.ReleaseInterrupted,
    message: `stopped (${String(signal.reason)}) before these were built, SBOM'd and signed: ${names}`,
  };
}

/** `--timeout` passed while these packages were pending. */
export function timedOut(
  options: BuildRun,
  pending: ReadonlyMap<string, ReleasePackage>,
): Failure & { ok: false } {
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
