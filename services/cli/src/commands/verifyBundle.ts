import { resolve } from 'node:path';
import { CheckpointError, CheckpointErrorCode, verifyAuditBundle } from '@shiplog/checkpoint';
import type { AuditBundleVerification } from '@shiplog/checkpoint';
import { readKeptCheckpoints, readVerifierKey } from '../checkpointSetup.ts';
import type { CommandIo } from '../command.ts';
import { UsageError } from '../command.ts';
import { ExitCode } from '../exitCodes.ts';

/** `shiplog verify --bundle DIR --key KEY`: an audit bundle alone, with the key kept elsewhere. */
export async function verifyBundle(
  options: {
    readonly bundle: string;
    readonly key: string | undefined;
    readonly json: boolean;
    readonly kept: readonly string[];
  },
  io: CommandIo,
): Promise<ExitCode> {
  const given = options.key ?? io.env.SHIPLOG_CHECKPOINT_PUBLIC_KEY ?? '';
  if (given === '')
    throw new UsageError(
      '--bundle needs --key: the log’s public key as you kept it (the key inside the bundle proves nothing on its own)',
    );
  const verifier = await readVerifierKey(given, io.cwd);
  const kept = await readKeptCheckpoints(options.kept, verifier, io.cwd);
  const result = await verifyAuditBundle(resolve(io.cwd, options.bundle), verifier, { kept }).catch(
    (err: unknown) => {
      if (err instanceof CheckpointError && err.code === CheckpointErrorCode.BundleInvalid)
        throw new CheckpointError(err.code, `${err.message} (shiplog export --audit DIR writes one)`, {
          cause: err,
        });
      throw err;
    },
  );
  io.stdout.write(options.json ? `${JSON.stringify(result)}\n` : describe(result));
  return result.ok ? ExitCode.Done : ExitCode.Tampered;
}

function describe(result: AuditBundleVerification): string {
  const head = result.checkpoints.latest;
  const summary =
    `${result.chain.count} records, ${result.checkpoints.checkpoints} checkpoints` +
    (head === undefined ? '' : ` (latest of ${head.treeSize} records, root ${head.root})`) +
    `, ${result.inclusion.checked} inclusion and ${result.consistency.checked} consistency proofs, ` +
    `${result.documents.checked - result.documents.notIncluded.length} of ${result.documents.checked} referenced documents included`;
  if (result.ok) return `bundle intact (origin ${result.origin}): ${summary}\n`;
  return `${result.problems.map((p) => `TAMPERED: ${p}\n`).join('')}bundle of origin ${result.origin}: ${summary}\n`;
}
