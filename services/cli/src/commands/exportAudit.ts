import { readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  checkpointsPathFor,
  createCheckpoint,
  exportAuditBundle,
  openCheckpointStore,
  CheckpointError,
  CheckpointErrorCode,
} from '@shiplog/checkpoint';
import { createLocalArtifactStore } from '@shiplog/workers';
import { densePositionsOf, loadCheckpointSigner } from '../checkpointSetup.ts';
import { openLedger } from '../openLedger.ts';
import type { Command, CommandIo } from '../command.ts';
import { TamperedError, UsageError } from '../command.ts';
import { ExitCode } from '../exitCodes.ts';

const usage = `usage: shiplog export --audit DIR [--json] [--store <connection>]

Writes an offline audit bundle into DIR (new or empty): every record of the log up to the latest
signed checkpoint (a fresh one is signed first when the checkpoint key is here), every checkpoint,
an inclusion proof of every record in the latest checkpoint, a consistency proof between
consecutive checkpoints, the public key, and the SBOMs and signature bundles the records reference (from $SHIPLOG_ARTIFACTS_DIR,
default ./.shiplog/artifacts; those out of reach are listed in documents.json). On another machine,
with no access to the ledger: shiplog verify --bundle DIR --key <the public key you kept>.

  --audit DIR            where to write the bundle
  --json                 one JSON document on stdout (what was written)
  --store <connection>   sqlite:<path> or esdb://… (default: $SHIPLOG_STORE, else sqlite:./.shiplog/ledger.db)

exit: 0 written, 4 the log no longer reaches its latest checkpoint, 1 no checkpoint yet, DIR not
empty, or the ledger cannot be read`;

function parseArgs(args: readonly string[]): { json: boolean; store: string | undefined; dir: string } {
  let json = false;
  let store: string | undefined;
  let dir: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--json') json = true;
    else if (arg === '--store' || arg === '--audit') {
      const value = args[++i];
      if (value === undefined || value === '') throw new UsageError(`${arg} needs a value`);
      if (arg === '--store') store = value;
      else dir = value;
    } else throw new UsageError(`unexpected argument '${arg}'`);
  }
  if (dir === undefined) throw new UsageError('export needs --audit DIR (the only export there is)');
  return { json, store, dir };
}

async function assertEmpty(dir: string): Promise<void> {
  const entries = await readdir(dir).catch(() => []);
  if (entries.length > 0)
    throw new Error(`${dir} is not empty: export --audit writes into a new or empty directory`);
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'write an offline audit bundle (verify it with shiplog verify --bundle)',
  usage,
  async run(args: readonly string[], io: CommandIo): Promise<ExitCode> {
    const options = parseArgs(args);
    const dir = resolve(io.cwd, options.dir);
    await assertEmpty(dir);
    const { connection, store } = await openLedger(options.store, io);
    const checkpoints = openCheckpointStore(checkpointsPathFor(connection, io.cwd));
    try {
      // A fresh checkpoint first when this machine holds the key, so the bundle has every record;
      // without it, the bundle ends at the latest checkpoint a signer wrote.
      const key = await loadCheckpointSigner(io.env, io.cwd, connection, false);
      if (key !== undefined) await createCheckpoint({ store, checkpoints, signer: key.signer });
      const publicKey = key?.signer.verifierKey ?? (io.env.SHIPLOG_CHECKPOINT_PUBLIC_KEY || undefined);
      const artifacts = createLocalArtifactStore(
        resolve(io.cwd, io.env.SHIPLOG_ARTIFACTS_DIR || './.shiplog/artifacts'),
      );
      const summary = await exportAuditBundle({
        store,
        checkpoints: checkpoints.list(),
        ...(publicKey === undefined ? {} : { verifierKey: publicKey }),
        dir,
        densePositions: densePositionsOf(connection),
        fetchDocument: (digest) => artifacts.get(digest).catch(() => undefined),
      }).catch(async (err: unknown) => {
        // No half-written bundle is left behind to be mistaken for one.
        for (const entry of await readdir(dir).catch(() => []))
          await rm(join(dir, entry), { recursive: true });
        if (err instanceof CheckpointError && err.code === CheckpointErrorCode.LogBehindCheckpoint)
          throw new TamperedError(err.message, { cause: err });
        throw err;
      });
      io.stdout.write(
        options.json
          ? `${JSON.stringify({ ...summary, publicKey: publicKey ?? null })}\n`
          : `audit bundle written to ${dir}: ${summary.events} records, ${summary.checkpoints} checkpoints ` +
              `(latest of ${summary.treeSize}), ${summary.inclusionProofs} inclusion and ${summary.consistencyProofs} consistency proofs, ` +
              `${summary.documents.included} documents` +
              (summary.documents.missing.length === 0
                ? ''
                : ` (${summary.documents.missing.length} referenced but out of reach, listed)`) +
              `\nverify it elsewhere with: shiplog verify --bundle ${dir} --key '${publicKey ?? '<the public key you kept>'}'\n`,
      );
    } finally {
      checkpoints.close();
      await store.close();
    }
    return ExitCode.Done;
  },
};
