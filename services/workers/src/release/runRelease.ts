import { releaseIds } from '@shiplog/ledger';
import { buildEvent } from '@shiplog/sdk';
import type { GatePolicy } from '@shiplog/ledger';
import type { ReleaseManifest } from '@shiplog/release';
import { decideReleaseGate, planRelease } from '@shiplog/release';
import { WorkerErrorCode } from '../errors.ts';
import { recordOutcome } from '../recordOutcome.ts';
import type { PublishAccess } from '../publish/publishAccess.ts';
import type { WorkerContext } from '../workerContext.ts';
import { buildRelease } from './buildRelease.ts';
import { publishRelease } from './publishRelease.ts';
import { recordRunStarted } from './recordRunStarted.ts';
import { releaseIdOf, releaseSubjectOf, runFinishedId } from './releaseId.ts';
import { overallStatus } from './releaseOutcome.ts';
import { runCount } from './releaseStatus.ts';
import { githubStep } from './githubRelease.ts';
import type { GithubReleaseTarget } from './githubRelease.ts';
import type { PackageReport, ReleaseProgress, ReleaseReport } from './releaseReport.ts';

const SOURCE = '/shiplog/release';

export interface RunReleaseOptions {
  readonly manifest: ReleaseManifest;
  readonly manifestPath: string;
  /**
   * The directory the build workers' workspaces stand for (SHIPLOG_WORKSPACE): the run records the
   * manifest's directory relative to it, and each build worker checks out from its own workspace
   * plus that path. Default: the manifest's directory (recorded as `.`).
   */
  readonly workspace?: string;
  /** The store, recorder, bus, artifact store and clock (and signing, for in-process workers). */
  readonly ctx: WorkerContext;
  readonly access: PublishAccess;
  readonly policy: GatePolicy;
  /** Everything but the uploads (and `latest`): builds, gate, digest checks, registry lookups. */
  readonly dryRun?: boolean;
  /** Run the build, SBOM and sign workers in this process (the embedded default). */
  readonly inProcessWorkers: boolean;
  readonly stagingTag?: string;
  readonly publishConcurrency?: number;
  readonly buildTimeoutMs?: number;
  readonly onProgress?: (progress: ReleaseProgress) => void;
  /**
   * Aborted (Ctrl-C, SIGTERM): the run stops at the next step (uploads under way finish) and
   * records its summary with RELEASE_INTERRUPTED.
   */
  readonly signal?: AbortSignal;
  /** The GitHub Release step, run once every package is out (not in a dry run). */
  readonly github?: GithubReleaseTarget;
}

const notAttempted = (manifest: ReleaseManifest): PackageReport[] =>
  planRelease(manifest).publishes.map((step) => ({
    name: step.package,
    ecosystem: step.ecosystem,
    registry: step.registry,
    wave: step.wave,
    status: 'not-attempted',
    files: [],
    waits: [],
  }));

/**
 * One run of a lockstep release: build → SBOM → sign (skipping what the ledger already holds) →
 * the release gate (recorded) → publish in plan waves (npm under a staging dist-tag) → `latest`
 * moved only when every package is out → a summary event, always, also when a phase fails. A
 * second run of the same release (a resume) uploads nothing the ledger has a receipt for.
 */
export async function runRelease(options: RunReleaseOptions): Promise<ReleaseReport> {
  const { manifest, ctx } = options;
  const dryRun = options.dryRun ?? false;
  // What the run prints and records has every configured credential redacted (ctx.secrets).
  const progress = (p: ReleaseProgress): void =>
    options.onProgress?.({ ...p, message: ctx.secrets.redact(p.message) });
  const id = releaseIdOf(manifest);
  const run = (await runCount(ctx.store, id)) + 1;
  const startedAt = ctx.now();
  const clock = Date.now();
  const subjectId = releaseSubjectOf(manifest);
  const workspace = await recordRunStarted(ctx, {
    manifest,
    manifestPath: options.manifestPath,
    ...(options.workspace === undefined ? {} : { workspace: options.workspace }),
    run,
    dryRun,
    startedAt,
    policy: options.policy,
  });

  let packages = notAttempted(manifest);
  let gate: ReleaseReport['gate'];
  let latest: ReleaseReport['latest'] = { moved: false, packages: [] };
  let error: ReleaseReport['error'];
  let github: ReleaseReport['github'];
  let denied = false;
  const timings = { buildMs: 0, gateMs: 0, publishMs: 0, totalMs: 0 };
  try {
    const built = await buildRelease({
      manifest,
      ctx: { ...ctx, workspace, ...(options.signal === undefined ? {} : { signal: options.signal }) },
      inProcess: options.inProcessWorkers,
      run,
      startedAt,
      timeoutMs: options.buildTimeoutMs ?? 30 * 60_000,
      onProgress: progress,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    timings.buildMs = Date.now() - clock;
    if (!built.ok) {
      error = { code: built.code, message: `${built.package}: ${built.message}` };
      progress({ phase: 'build', package: built.package, message: `FAILED ${built.code}: ${built.message}` });
      return await finish();
    }

    if (options.signal?.aborted === true) {
      const message = `stopped (${String(options.signal.reason)}) before the release gate`;
      error = { code: WorkerErrorCode.ReleaseInterrupted, message };
      return await finish();
    }
    const gateStart = Date.now();
    const artifacts = [...built.artifacts.values()].flat();
    const decision = await decideReleaseGate({
      store: ctx.store,
      policy: options.policy,
      manifest: { ...manifest, packages: publishOrder(manifest) },
      artifacts: artifacts.map((a) => ({ package: a.package, digest: a.digest, purl: a.purl })),
      record: {
        recorder: ctx.recorder,
        source: SOURCE,
        now: ctx.now,
        decisionId: releaseIds.runGate(id, run),
      },
    });
    timings.gateMs = Date.now() - gateStart;
    gate = {
      decision: decision.decision,
      artifacts: decision.artifacts.map((a) => ({
        package: a.package,
        ...(a.digest === undefined ? {} : { digest: a.digest }),
        decision: a.decision,
        reasons: a.reasons,
        ...(a.gateId === undefined ? {} : { gateId: a.gateId }),
      })),
    };
    progress({
      phase: 'gate',
      message: `the release gate says ${decision.decision} (policy ${decision.policy.id})`,
    });
    if (decision.decision === 'deny') {
      denied = true;
      return await finish();
    }

    const publishStart = Date.now();
    const published = await publishRelease({
      manifest,
      ctx,
      access: options.access,
      artifacts: built.artifacts,
      dryRun,
      stagingTag: options.stagingTag ?? 'shiplog-staging',
      requestedAt: startedAt,
      runId: `${id}.run.${run}`,
      concurrency: options.publishConcurrency ?? 4,
      onProgress: progress,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    packages = published.packages;
    latest = published.latest;
    error = published.error;
    timings.publishMs = Date.now() - publishStart;
    if (options.github !== undefined && !dryRun && error === undefined) {
      ({ github, error } = await githubStep({
        ctx,
        manifest,
        github: options.github,
        runId: `${id}.run.${run}`,
        gate: { decision: decision.decision, gateIds: decision.artifacts.flatMap((a) => a.gateId ?? []) },
        packages,
        artifacts: built.artifacts,
        onProgress: progress,
      }));
    }
    return await finish();
  } catch (err) {
    error = {
      code: (err as { code?: string }).code ?? 'RELEASE_FAILED',
      message: err instanceof Error ? err.message : String(err),
    };
    await finish();
    if (err instanceof Error) err.message = ctx.secrets.redact(err.message);
    throw err;
  }

  async function finish(): Promise<ReleaseReport> {
    timings.totalMs = Date.now() - clock;
    const status = overallStatus(denied, error !== undefined, dryRun, packages);
    const report: ReleaseReport = ctx.secrets.redactValue({
      id,
      release: manifest.release,
      version: manifest.version,
      run,
      status,
      dryRun,
      ...(gate === undefined ? {} : { gate }),
      packages,
      latest,
      ...(github === undefined ? {} : { github }),
      ...(error === undefined ? {} : { error }),
      timings,
      summaryEventId: runFinishedId(id, run),
    } satisfies ReleaseReport);
    await recordOutcome(
      ctx,
      buildEvent('dev.cdevents.pipelinerun.finished.0.3.0', {
        id: runFinishedId(id, run),
        source: SOURCE,
        timestamp: ctx.now(),
        subjectId,
        content: {
          pipelineName: `release ${id}`,
          outcome: status === 'published' || status === 'dry-run' ? 'success' : 'failure',
          ...(error === undefined ? {} : { errors: `${error.code}: ${error.message}`.slice(0, 2_000) }),
        },
        customData: { summary: report },
      }),
    );
    progress({ phase: 'done', message: `release ${id} run ${run}: ${status}` });
    return report;
  }
}

/** The manifest's packages in publish order, so the gate's lines read like the plan. */
function publishOrder(manifest: ReleaseManifest): ReleaseManifest['packages'] {
  return planRelease(manifest).publishes.flatMap((p) =>
    manifest.packages.filter((m) => m.name === p.package),
  );
}
