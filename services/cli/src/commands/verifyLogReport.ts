import type { CheckpointVerification } from '@shiplog/checkpoint';
import type { ChainBreak, VerifyChainResult } from '@shiplog/store';
import type { LogVerification } from './verifyLog.ts';

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

/** True when the chain and every checkpoint hold. */
export function logOk(log: LogVerification): boolean {
  return log.chain.ok && log.checkpoints?.ok !== false;
}

/** The JSON of a plain verify: the chain result, with `ok` over both and the checkpoint findings. */
export function logJson(log: LogVerification): Record<string, unknown> {
  return { ...log.chain, ok: logOk(log), checkpoints: log.checkpoints ?? null };
}

export function describeLog(log: LogVerification): string {
  return `${describeChain(log.chain, log.checkpoints?.ok !== false)}${describeCheckpoints(log.checkpoints)}`;
}

function describeChain(result: VerifyChainResult, checkpointsOk: boolean): string {
  const broken = result.firstBreak;
  if (broken === undefined) {
    const head = result.lastPosition === undefined ? 'empty ledger' : `head position ${result.lastPosition}`;
    const anchor =
      result.lastPosition === undefined || !checkpointsOk
        ? ''
        : `\nkeep this head to check later: shiplog verify --expect ${result.lastPosition}:${result.headHash}`;
    const verdict = checkpointsOk ? 'ledger intact' : 'hash chain holds';
    return `${verdict}: ${result.count} records, ${head}, head hash ${result.headHash}${anchor}\n`;
  }
  if (broken.reason === 'anchor_missing' || broken.reason === 'anchor_mismatch') {
    return `TAMPERED: at global position ${broken.position}: ${reasons[broken.reason]}\n`;
  }
  return (
    `TAMPERED: hash chain broken at global position ${broken.position} ` +
    `(stream ${broken.streamId}, revision ${broken.revision}): ${reasons[broken.reason]}\n`
  );
}

function describeCheckpoints(result: CheckpointVerification | undefined): string {
  if (result === undefined) return '';
  if (result.checkpoints === 0)
    return 'checkpoints: none held (run shiplog checkpoint: until then a rewrite with recomputed hashes or a cut tail goes unseen)\n';
  const signatures =
    result.signatures === 'verified'
      ? 'signatures verified'
      : 'signatures NOT checked (no public key: --key)';
  const latest =
    result.latest === undefined
      ? ''
      : `, latest of ${result.latest.treeSize} records, root ${result.latest.root}`;
  if (result.ok)
    return `checkpoints: ${result.checkpoints} held and consistent with the log${latest}; ${signatures}\n`;
  const lines = result.problems.map(
    (p) =>
      `TAMPERED: ${p.treeSize === undefined ? '' : `checkpoint of ${p.treeSize} records: `}${p.kind}: ${p.detail}\n`,
  );
  return `${lines.join('')}checkpoints: ${result.checkpoints} held; ${signatures}\n`;
}
