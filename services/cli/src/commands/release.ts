import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  decideReleaseGate,
  findReleaseArtifacts,
  planRelease,
  readReleaseManifest,
  ReleaseError,
} from '@shiplog/release';
import { openStore } from '@shiplog/store';
import type { EventStore } from '@shiplog/store';
import { loadGatePolicy } from './gatePolicyFile.ts';
import type { Command, CommandIo } from '../command.ts';
import { UsageError } from '../command.ts';
import { ExitCode } from '../exitCodes.ts';
import { describeReleasePlan } from './releasePlan.ts';
import { releaseRunAction, releaseStatusAction } from './releaseRun.ts';
import type { ReleaseActionArgs } from './releaseRun.ts';
import { addArtifactOptions, releaseAddArtifactAction } from './releaseAddArtifact.ts';
import type { AddArtifactOptions } from './releaseAddArtifact.ts';

const DEFAULT_STORE = 'sqlite:./.shiplog/ledger.db';

const usage = `usage: shiplog release plan   MANIFEST    [--json] [--policy FILE] [--store CONNECTION]
       shiplog release run    MANIFEST    [--dry-run] [--json] [--policy FILE] [--store CONNECTION]
       shiplog release resume ID|MANIFEST [--dry-run] [--json] [--policy FILE] [--store CONNECTION]
       shiplog release status ID|MANIFEST [--json] [--store CONNECTION]
       shiplog release add-artifact ID|MANIFEST PATH [--package NAME] [--platform LABEL] [--runner ID] [--json] [--store CONNECTION]
       shiplog release add-artifact ID|MANIFEST --package NAME --failed MESSAGE [--runner ID]

A lockstep release of one version across crates.io, PyPI, npm and OCI (wasm) registries.

  plan     the build order, the publish waves and what the release gate would say now (nothing recorded)
  run      build -> SBOM -> sign every package (skipping what the ledger already holds), the release
           gate (recorded), then publish wave by wave (npm under the dist-tag shiplog-staging);
           npm 'latest' moves only when every package is out; a summary event is always recorded
           (Ctrl-C / SIGTERM: stops at the next step, records it, exit 1); every built file is
           checked against the manifest before any upload (ARTIFACT_MISMATCH)
  resume   the same for a release that has a run already: finishes a partial release, uploads
           nothing the ledger has a receipt for; decides by the policy run was given
  status   the runs, built files and publish receipts the ledger holds for the release
  add-artifact  a CI matrix job hands in what it built for a package the manifest marks
           build.prebuilt (PATH: a file, or a directory whose files are matched by name), recorded
           with its digest and the job's identity; the run waits for these, then SBOMs, signs,
           gates and publishes them as usual. --failed MESSAGE reports the job's build failed:
           the run stops at once instead of waiting out --timeout

ID is <release>@<version>, e.g. shiplog-fixture@1.2.0.

  --dry-run             everything but the uploads: builds, file checks, gate, digest checks, registry
                        lookups, on a copy of the ledger (nothing recorded); exit 1 when a build
                        fails, a check refuses or credentials are missing
  --json                one JSON document on stdout (progress stays on stderr)
  --policy FILE         a JSON gate policy (default: $SHIPLOG_GATE_POLICY, else shiplog-default-v1)
  --store CONNECTION    sqlite:<path> or esdb://… (default: $SHIPLOG_STORE, else ${DEFAULT_STORE})
  --timeout SECONDS     run/resume: how long to wait for every build and hand-in (default 1800)
  --package NAME        add-artifact: only this package's files (required with --failed)
  --platform LABEL      add-artifact: the label the job built for (refused unless the manifest's)
  --runner ID           add-artifact: who built it (default: $SHIPLOG_WORKER_RUNNER, else the
                        GitHub Actions run/job/runner from its environment, else this host)

environment: SHIPLOG_NATS_URL (unset: build, SBOM and sign workers run in this process; set: the
jobs go to the workers on NATS), SHIPLOG_ARTIFACTS_DIR, SHIPLOG_SIGNING_KEY_FILE +
SHIPLOG_SIGNING_KEY_HINT (or SHIPLOG_FULCIO_URL + SHIPLOG_REKOR_URL + SHIPLOG_OIDC_TOKEN), the
registry credentials each package's manifest entry names, SHIPLOG_OIDC_TOKEN for trusted publishing.
SHIPLOG_GITHUB_TOKEN (+ SHIPLOG_GITHUB_REPOSITORY or GITHUB_REPOSITORY, SHIPLOG_GITHUB_API_URL,
SHIPLOG_GITHUB_TAG): once every package is out, a GitHub Release of tag v<version> with every
file, its SBOM and provenance bundle and SHA256SUMS as assets, and notes from the ledger.

exit: 0 done (published, or a dry run found nothing wrong), 1 failed or partial (or an invalid
manifest), 2 usage error, 3 the release gate denied`;

type Action = 'plan' | 'run' | 'resume' | 'status' | 'add-artifact';
const actions: readonly Action[] = ['plan', 'run', 'resume', 'status', 'add-artifact'];

interface ReleaseArgs extends ReleaseActionArgs {
  readonly action: Action;
  readonly addArtifact: AddArtifactOptions;
}

function parse(args: readonly string[], env: CommandIo['env']): ReleaseArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        json: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        policy: { type: 'string' },
        store: { type: 'string' },
        timeout: { type: 'string' },
        package: { type: 'string' },
        platform: { type: 'string' },
        runner: { type: 'string' },
        failed: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err), { cause: err });
  }
  const [action, target, ...rest] = parsed.positionals;
  const path = action === 'add-artifact' ? rest[0] : undefined;
  const extra = action === 'add-artifact' ? rest.slice(1) : rest;
  if (action === undefined) throw new UsageError(`name an action: ${actions.join(', ')}`);
  if (!(actions as readonly string[]).includes(action))
    throw new UsageError(`unknown action '${action}': ${actions.join(', ')}`);
  if (target === undefined)
    throw new UsageError(
      action === 'run' || action === 'plan'
        ? 'name the release manifest file'
        : 'name the release (ID or manifest file)',
    );
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
  const { json, policy, store } = parsed.values;
  const dryRun = parsed.values['dry-run'];
  if (dryRun && action !== 'run' && action !== 'resume')
    throw new UsageError(`--dry-run is for run and resume`);
  if (policy !== undefined && (action === 'status' || action === 'add-artifact'))
    throw new UsageError(`--policy is not used by ${action}`);
  const addArtifact = addArtifactOptions(action, path, parsed.values);
  const timeout = parsed.values.timeout;
  if (timeout !== undefined && action !== 'run' && action !== 'resume')
    throw new UsageError('--timeout is for run and resume');
  const buildTimeoutMs = timeout === undefined ? undefined : Number(timeout) * 1_000;
  if (buildTimeoutMs !== undefined && !(Number.isInteger(buildTimeoutMs) && buildTimeoutMs > 0))
    throw new UsageError(`--timeout takes whole seconds above 0, not '${timeout}'`);
  const fromEnv = env['SHIPLOG_STORE'];
  return {
    addArtifact,
    ...(buildTimeoutMs === undefined ? {} : { buildTimeoutMs }),
    action: action as Action,
    target,
    json,
    dryRun,
    store: store ?? (fromEnv === undefined || fromEnv === '' ? DEFAULT_STORE : fromEnv),
    ...(policy === undefined ? {} : { policy }),
  };
}

async function openLedger(connection: string, cwd: string): Promise<EventStore> {
  const file = connection.startsWith('sqlite:')
    ? resolve(cwd, connection.slice('sqlite:'.length))
    : undefined;
  // No ledger file yet: nothing is built, which is what the gate then says.
  if (file !== undefined && !existsSync(file)) return openStore('sqlite::memory:');
  return openStore(connection, { create: false, cwd });
}

async function plan(options: ReleaseArgs, io: CommandIo): Promise<ExitCode> {
  const policy = await loadGatePolicy(options.policy, io);
  let manifest;
  try {
    manifest = await readReleaseManifest(resolve(io.cwd, options.target));
  } catch (err) {
    if (!(err instanceof ReleaseError)) throw err;
    io.stderr.write(`shiplog release: ${err.code}: ${err.message.split(': ')[0] ?? ''}\n`);
    for (const p of err.problems) io.stderr.write(`  ${p.path}: ${p.message}\n`);
    if (err.problems.length === 0) io.stderr.write(`  ${err.message}\n`);
    return ExitCode.Failure;
  }
  const plan = planRelease(manifest);
  const store = await openLedger(options.store, io.cwd);
  try {
    const artifacts = await findReleaseArtifacts(store, manifest);
    // Judged in publish order, so the gate's lines read like the plan.
    const ordered = {
      ...manifest,
      packages: plan.publishes.flatMap((p) => manifest.packages.filter((m) => m.name === p.package)),
    };
    const gate = await decideReleaseGate({ store, policy, manifest: ordered, artifacts });
    io.stdout.write(options.json ? `${JSON.stringify({ plan, gate })}\n` : describeReleasePlan(plan, gate));
    return ExitCode.Done;
  } finally {
    await store.close();
  }
}

async function run(args: readonly string[], io: CommandIo): Promise<ExitCode> {
  const options = parse(args, io.env);
  switch (options.action) {
    case 'plan':
      return plan(options, io);
    case 'run':
    case 'resume':
      return releaseRunAction(options.action === 'resume', options, io);
    case 'status':
      return releaseStatusAction(options, io);
    case 'add-artifact':
      return releaseAddArtifactAction(
        { target: options.target, json: options.json, store: options.store, ...options.addArtifact },
        io,
      );
  }
}

/** `shiplog release plan|run|resume|status`: lockstep releases. */
export const releaseCommand: Command = {
  name: 'release',
  summary:
    'lockstep releases: plan, run, resume and status of a release manifest; add-artifact from CI matrix jobs',
  usage,
  run,
};
