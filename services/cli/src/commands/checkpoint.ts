import { checkpointsPathFor, createCheckpoint, openCheckpointStore } from '@shiplog/checkpoint';
import { loadCheckpointSigner } from '../checkpointSetup.ts';
import { openLedger } from '../openLedger.ts';
import type { Command, CommandIo } from '../command.ts';
import { UsageError } from '../command.ts';
import { ExitCode } from '../exitCodes.ts';

const usage = `usage: shiplog checkpoint [--json] [--store <connection>]

Signs the current tree head of the log: the root of an RFC 6962 Merkle tree over every record of
the global log, as a C2SP tlog-checkpoint signed with Ed25519, kept in the checkpoints table (the
ledger file's own, or .shiplog/checkpoints.db beside EventStoreDB). From then on plain
'shiplog verify' catches a rewritten or cut log. Costs only the records since the last checkpoint.

Key: $SHIPLOG_CHECKPOINT_KEY (PRIVATE+KEY+<name>+<id>+<key>), $SHIPLOG_CHECKPOINT_KEY_FILE, else
checkpoint.key beside the ledger, made on first use ($SHIPLOG_CHECKPOINT_ORIGIN names it). Keep the
public key it prints somewhere the ledger's operators cannot write.

  --json                 one JSON document on stdout: {created, treeSize, lastPosition, root, note, publicKey}
  --store <connection>   sqlite:<path> or esdb://… (default: $SHIPLOG_STORE, else sqlite:./.shiplog/ledger.db)

exit: 0 signed (or nothing new since the latest), 1 the ledger is empty or cannot be opened`;

function parseArgs(args: readonly string[]): { json: boolean; store: string | undefined } {
  let json = false;
  let store: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--json') json = true;
    else if (arg === '--store') store = args[++i];
    else if (arg.startsWith('--store=')) store = arg.slice('--store='.length);
    else throw new UsageError(`unexpected argument '${arg}'`);
    if (store === '') throw new UsageError('--store needs a connection string');
  }
  return { json, store };
}

export const checkpointCommand: Command = {
  name: 'checkpoint',
  summary: 'sign the current tree head of the log',
  usage,
  async run(args: readonly string[], io: CommandIo): Promise<ExitCode> {
    const options = parseArgs(args);
    const { connection, store } = await openLedger(options.store, io);
    try {
      const key = await loadCheckpointSigner(io.env, io.cwd, connection, true);
      if (key === undefined) throw new Error('no checkpoint key');
      if (key.generated !== undefined)
        io.stderr.write(`shiplog checkpoint: made a checkpoint key in ${key.generated}\n`);
      const checkpoints = openCheckpointStore(checkpointsPathFor(connection, io.cwd));
      try {
        const { checkpoint, created } = await createCheckpoint({ store, checkpoints, signer: key.signer });
        const { treeSize, lastPosition, root, note } = checkpoint;
        const publicKey = key.signer.verifierKey;
        io.stdout.write(
          options.json
            ? `${JSON.stringify({ created, treeSize, lastPosition, root, note, publicKey })}\n`
            : `${created ? 'signed' : 'nothing new since'} checkpoint of ${treeSize} records (up to position ${lastPosition})\n\n${note}\n` +
                `public key (keep it elsewhere; auditors verify with it):\n${publicKey}\n`,
        );
      } finally {
        checkpoints.close();
      }
    } finally {
      await store.close();
    }
    return ExitCode.Done;
  },
};
