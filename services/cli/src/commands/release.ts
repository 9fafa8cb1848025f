import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultGatePolicy, GateError, parseGatePolicy } from '@shiplog/ledger';
import type { GatePolicy } from '@shiplog/ledger';
import {
  decideReleaseGate,
  findReleaseArtifacts,
  planRelease,
  readReleaseManifest,
  ReleaseError,
} from '@shiplog/release';
import { openStore } from '@shiplog/store';
import type { EventStore } from '@shiplog/store';
import type { Command, CommandIo } from '../command.ts';
import { UsageError } from '../command.ts';
import { ExitCode } from '../exitCodes.ts';
import { describeReleasePlan } from './releasePlan.ts';

const DEFAULT_STORE = 'sqlite:./.shiplog/ledger.db';

const usage = `usage: shiplog release plan MANIFEST [--json] [--policy FILE] [--store CONNECTION]

Validates a release manifest and prints the build order, the publish order (crates after the
crates they use, npm platform packages before the package naming them, in waves) and what the
release gate would say now about the artifacts the ledger has for this version. Nothing is recorded.

  --json                one JSON document on stdout: {plan, gate}
  --policy FILE         a JSON gate policy (default: the built-in policy, shiplog-default-v1)
  --store CONNECTION    sqlite:<path> or esdb://… (default: $SHIPLOG_STORE, else ${DEFAULT_STORE})

(run, resume and status are not available yet.)

exit: 0 plan printed, 1 invalid manifest or unreadable ledger, 2 usage error`;

interface PlanArgs {
  readonly manifest: string;
  readonly json: boolean;
  readonly policy?: string;
  readonly store?: string;
}

function parse(args: readonly string[]): PlanArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        json: { type: 'boolean', default: false },
        policy: { type: 'string' },
        store: { type: 'string' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err), { cause: err });
  }
  const [action, manifest, ...extra] = parsed.positionals;
  if (action === undefined) throw new UsageError('name an action: plan');
  if (action !== 'plan')
    throw new UsageError(`'release ${action}' is not available yet; only 'release plan' is`);
  if (manifest === undefined) throw new UsageError('name the release manifest file');
  if (extra.length > 0) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
  const { json, policy, store } = parsed.values;
  return {
    manifest,
    json,
    ...(policy === undefined ? {} : { policy }),
    ...(store === undefined ? {} : { store }),
  };
}

async function loadPolicy(file: string | undefined, cwd: string): Promise<GatePolicy> {
  if (file === undefined) return defaultGatePolicy;
  try {
    return parseGatePolicy(JSON.parse(await readFile(resolve(cwd, file), 'utf8')));
  } catch (err) {
    if (err instanceof GateError || err instanceof SyntaxError) {
      throw new UsageError(`policy ${file}: ${err.message}`, { cause: err });
    }
    throw new UsageError(`cannot read policy ${file}: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
}

async function openLedger(connection: string, cwd: string): Promise<EventStore> {
  const file = connection.startsWith('sqlite:')
    ? resolve(cwd, connection.slice('sqlite:'.length))
    : undefined;
  // No ledger file yet: nothing is built, which is what the gate then says.
  if (file !== undefined && !existsSync(file)) return openStore('sqlite::memory:');
  return openStore(connection, { create: false, cwd });
}

async function run(args: readonly string[], io: CommandIo): Promise<ExitCode> {
  const options = parse(args);
  const policy = await loadPolicy(options.policy, io.cwd);
  let manifest;
  try {
    manifest = await readReleaseManifest(resolve(io.cwd, options.manifest));
  } catch (err) {
    if (!(err instanceof ReleaseError)) throw err;
    io.stderr.write(`shiplog release: ${err.code}: ${err.message.split(': ')[0] ?? ''}\n`);
    for (const p of err.problems) io.stderr.write(`  ${p.path}: ${p.message}\n`);
    if (err.problems.length === 0) io.stderr.write(`  ${err.message}\n`);
    return ExitCode.Failure;
  }
  const plan = planRelease(manifest);
  const fromEnv = io.env['SHIPLOG_STORE'];
  const connection = options.store ?? (fromEnv === undefined || fromEnv === '' ? DEFAULT_STORE : fromEnv);
  const store = await openLedger(connection, io.cwd);
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

/** `shiplog release plan MANIFEST`: the order of a lockstep release and the gate's word now. */
export const releaseCommand: Command = {
  name: 'release',
  summary: 'lockstep releases: plan MANIFEST prints build/publish order and the gate now',
  usage,
  run,
};
