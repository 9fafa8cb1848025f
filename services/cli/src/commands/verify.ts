import { checkpointsPathFor } from '@shiplog/checkpoint';
import { projectionsPathFor, verifyProjections } from '@shiplog/projections';
import type { ProjectionsVerification } from '@shiplog/projections';
import { openStore } from '@shiplog/store';
import {
  connectionOf,
  DEFAULT_STORE,
  densePositionsOf,
  loadCheckpointVerifier,
  readKeptCheckpoints,
} from '../checkpointSetup.ts';
import type { Command, CommandIo } from '../command.ts';
import { UsageError } from '../command.ts';
import { ExitCode } from '../exitCodes.ts';
import { verifyBundle } from './verifyBundle.ts';
import { verifyLog } from './verifyLog.ts';
import type { LogVerification } from './verifyLog.ts';
import { describeLog, logJson, logOk } from './verifyLogReport.ts';
import { describeProjections } from './verifyProjectionsReport.ts';

const usage = `usage: shiplog verify [--json] [--store <connection>] [--expect POSITION:HASH] [--key KEY] [--checkpoint FILE]… [--projections]
       shiplog verify --bundle DIR --key KEY [--checkpoint FILE]… [--json]

Recomputes the ledger's hash chain (every record, per stream and for the global log) and names
the first broken global position and stream revision. In the same pass it recomputes the Merkle
tree of the log and checks it against every signed checkpoint held (shiplog checkpoint): each
checkpoint's root must be the root of the log's first records, its signature must verify, and a
log shorter than a checkpoint (records cut off its end) or with a gap in its positions is tampered.
With --projections, also proves the read models (deployed, history, why, dora) equal a replay of
the log: each read model's rows against the digest kept with its checkpoint, and against read
models rebuilt from the log up to that checkpoint in a temporary file; names each read model that
differs and its first differing row.

With --bundle, verifies an offline audit bundle (shiplog export --audit) alone, with no ledger:
its records' chain, its checkpoints against the records and the key, the consistency and inclusion
proofs, and the digests of the documents it holds.

  --json                   one JSON document on stdout
  --store <connection>     sqlite:<path> or esdb://… (default: $SHIPLOG_STORE, else ${DEFAULT_STORE})
  --expect POSITION:HASH   a head printed by an earlier verify: the chain must still hold that hash at
                           that position
  --key KEY                the log's public key (name+id+key, or a file holding it), kept apart from
                           the ledger (default: $SHIPLOG_CHECKPOINT_PUBLIC_KEY, else the public half
                           of the configured checkpoint key); required with --bundle
  --checkpoint FILE        a signed checkpoint you kept (shiplog checkpoint's note, the bundle's 'checkpoint'
                           file): the log must still extend it; needs the key (repeatable)
  --projections            also verify the read models; --json then prints {ok, ledger, checkpoints, projections}
  --bundle DIR             verify an audit bundle instead of a ledger

exit: 0 intact, 4 tamper detected, 1 the ledger or bundle cannot be opened or read`;

interface VerifyArgs {
  readonly json: boolean;
  readonly store: string | undefined;
  readonly anchor: { readonly position: number; readonly hash: string } | undefined;
  readonly projections: boolean;
  readonly key: string | undefined;
  readonly bundle: string | undefined;
  readonly kept: readonly string[];
}

function parseAnchor(text: string | undefined): { position: number; hash: string } {
  const match = /^(\d+):([0-9a-f]{64})$/.exec(text ?? '');
  if (match === null) throw new UsageError('--expect takes POSITION:HASH, e.g. 14:1d2022eb… (64 hex digits)');
  return { position: Number(match[1]), hash: match[2] as string };
}

function valueOf(args: readonly string[], i: number, name: string): string {
  const value = args[i];
  if (value === undefined || value.length === 0) throw new UsageError(`${name} needs a value`);
  return value;
}

export function parseVerifyArgs(args: readonly string[]): VerifyArgs {
  let json = false;
  let store: string | undefined;
  let anchor: VerifyArgs['anchor'];
  let projections = false;
  let key: string | undefined;
  let bundle: string | undefined;
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--json') json = true;
    else if (arg === '--projections') projections = true;
    else if (arg === '--expect') anchor = parseAnchor(args[++i]);
    else if (arg.startsWith('--expect=')) anchor = parseAnchor(arg.slice('--expect='.length));
    else if (arg === '--store') store = valueOf(args, ++i, '--store');
    else if (arg.startsWith('--store=')) store = arg.slice('--store='.length);
    else if (arg === '--key') key = valueOf(args, ++i, '--key');
    else if (arg === '--bundle') bundle = valueOf(args, ++i, '--bundle');
    else if (arg === '--checkpoint') kept.push(valueOf(args, ++i, '--checkpoint'));
    else throw new UsageError(`unexpected argument '${arg}'`);
  }
  if (bundle !== undefined && (store !== undefined || anchor !== undefined || projections))
    throw new UsageError('--bundle verifies a bundle alone: it takes no --store, --expect or --projections');
  return { json, store, anchor, projections, key, bundle, kept };
}

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'the log against its hash chain and signed checkpoints; read models against replay',
  usage,
  async run(args: readonly string[], io: CommandIo): Promise<ExitCode> {
    const options = parseVerifyArgs(args);
    if (options.bundle !== undefined) return verifyBundle({ ...options, bundle: options.bundle }, io);
    const connection = connectionOf(options.store, io.env);
    const verifier = await loadCheckpointVerifier(options.key, io.env, io.cwd, connection);
    const kept = await readKeptCheckpoints(options.kept, verifier, io.cwd);
    const store = await openStore(connection, { create: false, cwd: io.cwd });
    let log: LogVerification;
    let projections: ProjectionsVerification | undefined;
    try {
      log = await verifyLog(store, {
        ...(options.anchor === undefined ? {} : { anchor: options.anchor }),
        onProgress: (count, position) =>
          io.stderr.write(`verify: ${count} records checked (position ${position})\n`),
        checkpointsPath: checkpointsPathFor(connection, io.cwd),
        verifier,
        densePositions: densePositionsOf(connection),
        kept,
      });
      if (options.projections)
        projections = await verifyProjections({ store, path: projectionsPathFor(connection, io.cwd) });
    } finally {
      await store.close();
    }
    const ok = logOk(log) && projections?.ok !== false;
    if (projections === undefined)
      io.stdout.write(options.json ? `${JSON.stringify(logJson(log))}\n` : describeLog(log));
    else
      io.stdout.write(
        options.json
          ? `${JSON.stringify({ ok, ledger: log.chain, checkpoints: log.checkpoints ?? null, projections })}\n`
          : `${describeLog(log)}${describeProjections(projections)}`,
      );
    return ok ? ExitCode.Done : ExitCode.Tampered;
  },
};
