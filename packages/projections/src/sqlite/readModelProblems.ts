import type { DatabaseSync } from 'node:sqlite';
import type { ReadModelName } from './modelDigest.ts';
import { READ_MODELS } from './modelDigest.ts';

/** Read models whose rows carry the global position of the event they came from. */
const POSITIONED: readonly ReadModelName[] = [
  'deployments',
  'artifact_facts',
  'changes',
  'incidents',
  'violations',
  'supersessions',
  'snapshots',
  'observations',
];
/** Read models kept as rowid tables: rows are only ever appended, so the last rowid is the row count. */
const ROWID: readonly ReadModelName[] = READ_MODELS.filter((m) => m !== 'artifact_names');

export type ReadModelChecks = (checkpoint: {
  readonly position: number;
  readonly hash: string | undefined;
}) => string[];

/**
 * What is wrong with the read models against their own checkpoint, found with a few index
 * look-ups (cheap enough for every query; the full comparison is `verifyProjections`): a
 * checkpoint without the hash of its event, rows of events past the checkpoint (it was moved
 * back: catching up would apply those events twice), and a read model whose row count is not the
 * one recorded with the checkpoint (rows inserted, or the last ones deleted). Empty when none.
 */
export function createReadModelChecks(db: DatabaseSync): ReadModelChecks {
  // Rows are appended in log order, so each table's last row holds its highest position.
  const lastPositions = db.prepare(
    `SELECT ${POSITIONED.map((m) => `(SELECT position FROM ${m} ORDER BY rowid DESC LIMIT 1) AS ${m}`).join(', ')}`,
  );
  const rowCounts = db.prepare(
    `SELECT ${ROWID.map((m) => `(SELECT max(rowid) FROM ${m}) AS ${m}, (SELECT rows FROM model_digests WHERE model = '${m}') AS ${m}_recorded`).join(', ')}`,
  );
  return (checkpoint) => {
    const problems: string[] = [];
    if (checkpoint.position > 0 && checkpoint.hash === undefined)
      problems.push(`the checkpoint at position ${checkpoint.position} has lost the hash of its event`);
    const last = lastPositions.get() ?? {};
    for (const model of POSITIONED) {
      const position = last[model];
      if (typeof position === 'number' && position > checkpoint.position)
        problems.push(
          `read model ${model} holds the event at position ${position}, past the checkpoint (${checkpoint.position}): the checkpoint was moved back`,
        );
    }
    const counts = rowCounts.get() ?? {};
    for (const model of ROWID) {
      const rows = counts[model] ?? 0;
      const expected = counts[`${model}_recorded`] ?? 0;
      if (rows !== expected)
        problems.push(
          `read model ${model} has ${String(rows)} rows where ${String(expected)} were recorded with the checkpoint`,
        );
    }
    return problems;
  };
}
