import { resolve } from 'node:path';
import { readReleaseManifest, ReleaseError } from '@shiplog/release';
import type { ReleaseManifest } from '@shiplog/release';
import {
  parseReleaseId,
  readReleaseStatus,
  recordedManifest,
  releaseIdOf,
  rememberedPolicy,
  runCount,
  runRelease,
} from '@shiplog/workers';
import type { ReleaseReport } from '@shiplog/workers';
import type { CommandIo } from '../command.ts';
import { UsageError } from '../command.ts';
import { ExitCode } from '../exitCodes.ts';
import { openReleaseRuntime, openReleaseStore } from './releaseRuntime.ts';
import { scratchLedger } from './scratchLedger.ts';
import { describeReleaseReport, describeReleaseStatus } from './releaseReportText.ts';

export interface ReleaseActionArgs {
  readonly target: string;
  readonly json: boolean;
  readonly dryRun: boolean;
  readonly store: string;
  readonly policy?: string;
  /** How long the run waits for every build and hand-in (`--timeout`). */
  readonly buildTimeoutMs?: number;
}

/** Prints a manifest's problems; undefined when it cannot be read or is invalid. */
async function readManifest(path: string, io: CommandIo): Promise<ReleaseManifest | undefined> {
  try {
    return await readReleaseManifest(path);
  } catch (err) {
    if (!(err instanceof ReleaseError)) throw err;
    io.stderr.write(`shiplog release: ${err.code}: ${err.message.split(': ')[0] ?? ''}\n`);
    for (const p of err.problems) io.stderr.write(`  ${p.path}: ${p.message}\n`);
    if (err.problems.length === 0) io.stderr.write(`  ${err.message}\n`);
    return undefined;
  }
}

/** A release named by id (from the ledger's first run) or by its manifest file. */
async function resolveTarget(
  target: string,
  args: ReleaseActionArgs,
  io: CommandIo,
): Promise<{ manifest: ReleaseManifest; path: string } | ExitCode> {
  if (parseReleaseId(target) === undefined) {
    const path = resolve(io.cwd, target);
    const manifest = await readManifest(path, io);
    return manifest === undefined ? ExitCode.Failure : { manifest, path };
  }
  const store = await openReleaseStore(args.store, io.cwd, false).catch(() => undefined);
  const recorded =
    store === undefined ? undefined : await recordedManifest(store, target).finally(() => store.close());
  if (recorded === undefined) throw new UsageError(`the ledger has no run of release ${target}`);
  return { manifest: recorded.manifest, path: recorded.manifestPath };
}

function exitOf(report: ReleaseReport): ExitCode {
  if (report.status === 'denied') return ExitCode.Refused;
  return report.status === 'published' || report.status === 'dry-run' ? ExitCode.Done : ExitCode.Failure;
}

/** `release run MANIFEST` and `release resume ID|MANIFEST`. */
export async function releaseRunAction(
  resume: boolean,
  args: ReleaseActionArgs,
  io: CommandIo,
): Promise<ExitCode> {
  const target = await resolveTarget(args.target, args, io);
  if (typeof target === 'number') return target;
  const { manifest } = target;
  const id = releaseIdOf(manifest);
  // A dry run writes nothing to the ledger: it works on a copy (the embedded workers only; workers
  // on NATS record into the ledger they are configured with).
  const natsUrl = io.env['SHIPLOG_NATS_URL'];
  const scratch =
    args.dryRun && (natsUrl === undefined || natsUrl === '')
      ? await scratchLedger(args.store, io.cwd)
      : undefined;
  if (args.dryRun && scratch === undefined)
    io.stderr.write(
      'shiplog release: this dry run records its builds in the ledger (workers on NATS or EventStoreDB)\n',
    );
  let runtime;
  try {
    runtime = await openReleaseRuntime(io, {
      store: scratch?.connection ?? args.store,
      ...(args.policy === undefined ? {} : { policy: args.policy }),
    });
  } catch (err) {
    await scratch?.remove();
    throw err;
  }
  // Ctrl-C / SIGTERM: stop at the next step and record the summary; a second one quits at once.
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    io.stderr.write(`shiplog release: ${signal}: stopping after the current step, recording the summary\n`);
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    stop.abort(signal);
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    if (resume && (await runCount(runtime.ctx.store, id)) === 0) {
      throw new UsageError(`nothing to resume: the ledger has no run of release ${id} (use release run)`);
    }
    // A resume decides by the policy `run` was given, unless told otherwise with --policy.
    const remembered =
      resume && args.policy === undefined ? await rememberedPolicy(runtime.ctx.store, id) : undefined;
    const policy = remembered ?? runtime.policy;
    if (remembered !== undefined)
      io.stderr.write(`shiplog release: resuming with policy ${policy.id} (as run)\n`);
    const report = await runRelease({
      signal: stop.signal,
      manifest,
      manifestPath: target.path,
      ...(runtime.workspace === undefined ? {} : { workspace: runtime.workspace }),
      ctx: runtime.ctx,
      access: runtime.access,
      policy,
      dryRun: args.dryRun,
      ...(args.buildTimeoutMs === undefined ? {} : { buildTimeoutMs: args.buildTimeoutMs }),
      inProcessWorkers: runtime.inProcessWorkers,
      ...(runtime.github === undefined ? {} : { github: runtime.github }),
      onProgress: (p) =>
        io.stderr.write(
          `shiplog release: [${p.phase}]${p.package === undefined ? '' : ` ${p.package}`} ${p.message}\n`,
        ),
    });
    io.stdout.write(args.json ? `${JSON.stringify(report)}\n` : describeReleaseReport(report));
    return exitOf(report);
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    await runtime.close();
    await scratch?.remove();
  }
}

/** `release status ID|MANIFEST`: the ledger's view, nothing recorded. */
export async function releaseStatusAction(args: ReleaseActionArgs, io: CommandIo): Promise<ExitCode> {
  let id = args.target;
  if (parseReleaseId(id) === undefined) {
    const manifest = await readManifest(resolve(io.cwd, args.target), io);
    if (manifest === undefined) return ExitCode.Failure;
    id = releaseIdOf(manifest);
  }
  let store;
  try {
    store = await openReleaseStore(args.store, io.cwd, false);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    io.stderr.write(`shiplog release: cannot open the ledger ${args.store}: ${reason}\n`);
    return ExitCode.Failure;
  }
  try {
    const status = await readReleaseStatus(store, id);
    if (status === undefined) {
      io.stderr.write(`shiplog release: the ledger has no run of release ${id}\n`);
      return ExitCode.Failure;
    }
    io.stdout.write(args.json ? `${JSON.stringify(status)}\n` : describeReleaseStatus(status));
    return ExitCode.Done;
  } finally {
    await store.close();
  }
}
