import { projectionsPathFor, verifyProjections } from '@shiplog/projections';
import type { ProjectionsVerification } from '@shiplog/projections';
import { openStore, verifyChain } from '@shiplog/store';
import type { ChainBreak, VerifyChainResult } from '@shiplog/store';
import type { Command, CommandIo } from '../command.ts';
import { UsageError } from '../command.ts';
import { ExitCode } from '../exitCodes.ts';
import { describeProjections } from './verifyProjectionsReport.ts';

const DEFAULT_STORE = 'sqlite:./.shiplog/ledger.db';

const usage = `usage: shiplog verify [--json] [--store <connection>] [--expect POSITION:HASH] [--projections]

Recomputes the ledger's hash chain (every record, per stream and for the global log) and names
the first broken global position and stream revision. With --projections, also proves the read
models (deployed, history, why, dora) equal a replay of the log: each read model's rows against
the digest kept with its checkpoint, and against read models rebuilt from the log up to that
checkpoint in a temporary file; names each read model that differs and its first differing row.

  --json                   one JSON document on stdout
  --store <connection>     sqlite:<path> or esdb://… (default: $SHIPLOG_STORE, else ${DEFAULT_STORE})
  --expect POSITION:HASH   a head printed by an earlier verify: the chain must still hold that hash at
                           that position (a chain alone cannot tell that records were cut off its end)
  --projections            also verify the read models; --json then prints {ok, ledger, projections}

exit: 0 intact, 4 tamper detected, 1 the ledger cannot be opened or read`;

const reasons: Readonly<Record<ChainBreak['reason'], string>> = {
  position_order: 'its position does not follow its predecessor (rows reordered)',
  prev_hash_mismatch: "its prevHash is not its predecessor's hash (a record was deleted, inserted or moved)",
  revision_gap:
    'its stream revision does not follow the previous one in its stream (a record was deleted or moved)',
  stream_prev_hash_mismatch: "its streamPrevHash is not its stream predecessor's hash",
  hash_mismatch: 'its content does not match its hash (the record was altered)',
  anchor_mismatch: 'it does not hold the hash expected there (history was rewritten)',
  anchor_missing: 'the ledger no longer reaches it (records were cut off its end)',
};

interface VerifyArgs {
  readonly json: boolean;
  readonly store: string | undefined;
  readonly anchor: { readonly position: number; readonly hash: string } | undefined;
  readonly projections: boolean;
}

function parseAnchor(text: string | undefined): { position: number; hash: string } {
  const match = /^(\d+):([0-9a-f]{64})$/.exec(text ?? '');
  if (match === null) throw new UsageError('--expect takes POSITION:HASH, e.g. 14:1d2022eb… (64 hex digits)');
  return { position: Number(match[1]), hash: match[2] as string };
}

export function parseVerifyArgs(args: readonly string[]): VerifyArgs {
  let json = false;
  let store: string | undefined;
  let anchor: VerifyArgs['anchor'];
  let projections = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--json') json = true;
    else if (arg === '--projections') projections = true;
    else if (arg === '--expect') anchor = parseAnchor(args[++i]);
    else if (arg.startsWith('--expect=')) anchor = parseAnchor(arg.slice('--expect='.length));
    else if (arg === '--store') {
      store = args[++i];
      if (store === undefined || store.length === 0)
        throw new UsageError('--store needs a connection string');
    } else if (arg.startsWith('--store=')) store = arg.slice('--store='.length);
    else throw new UsageError(`unexpected argument '${arg}'`);
  }
  return { json, store, anchor, projections };
}

export const verifyCommand: Command = {
  name: 'verify',
  summary: 'recompute the hash chain; names the first broken position',
  usage,
  async run(args: readonly string[], io: CommandIo): Promise<ExitCode> {
    const options = parseVerifyArgs(args);
    const fromEnv = io.env.SHIPLOG_STORE;
    const connection = options.store ?? (fromEnv === undefined || fromEnv === '' ? DEFAULT_STORE : fromEnv);
    const store = await openStore(connection, { create: false, cwd: io.cwd });
    let result: VerifyChainResult;
    let projections: ProjectionsVerification | undefined;
    try {
      result = await verifyChain(store, {
        ...(options.anchor === undefined ? {} : { anchor: options.anchor }),
        onProgress: (count, position) =>
          io.stderr.write(`verify: ${count} records checked (position ${position})\n`),
      });
      if (options.projections)
        projections = await verifyProjections({ store, path: projectionsPathFor(connection, io.cwd) });
    } finally {
      await store.close();
    }
    const ok = result.ok && projections?.ok !== false;
    if (projections === undefined)
      io.stdout.write(options.json ? `${JSON.stringify(result)}\n` : describe(result));
    else
      io.stdout.write(
        options.json
          ? `${JSON.stringify({ ok, ledger: result, projections })}\n`
          : `${describe(result)}${describeProjections(projections)}`,
      );
    return ok ? ExitCode.Done : ExitCode.Tampered;
  },
};

function describe(result: VerifyChainResult): string {
  const broken = result.firstBreak;
  if (broken === undefined) {
    const head = result.lastPosition === undefined ? 'empty ledger' : `head position ${result.lastPosition}`;
    const anchor =
      result.lastPosition === undefined
        ? ''
        : `\nkeep this head to check later: shiplog verify --expect ${result.lastPosition}:${result.headHash}`;
    return `ledger intact: ${result.count} records, ${head}, head hash ${result.headHash}${anchor}\n`;
  }
  if (broken.reason === 'anchor_missing' || broken.reason === 'anchor_mismatch') {
    return `TAMPERED: at global position ${broken.position}: ${reasons[broken.reason]}\n`;
  }
  return (
    `TAMPERED: hash chain broken at global position ${broken.position} ` +
    `(stream ${broken.streamId}, revision ${broken.revision}): ${reasons[broken.reason]}\n`
  );
}
