import type { DatabaseSync } from 'node:sqlite';
import { digestTable, ModelDigest, READ_MODELS } from './modelDigest.ts';
import type { ReadModelName } from './modelDigest.ts';

/** Each read model's digest and row count, as kept beside the checkpoint or computed from its rows. */
export type ModelDigests = Map<ReadModelName, ModelDigest>;

/** The table that keeps them, written in the same transaction as the checkpoint. */
export const modelDigestsSchema = `
CREATE TABLE IF NOT EXISTS model_digests (
  model TEXT PRIMARY KEY, rows INTEGER NOT NULL, digest TEXT NOT NULL
) WITHOUT ROWID;
${READ_MODELS.map((m) => `INSERT OR IGNORE INTO model_digests (model, rows, digest) VALUES ('${m}', 0, '${'0'.repeat(64)}');`).join('\n')}
`;

/** Reads and records the digests kept with the checkpoint (record inside its transaction). */
export function modelDigestsTable(db: DatabaseSync): {
  read(): ModelDigests;
  save(digests: ModelDigests): void;
} {
  const read = db.prepare('SELECT model, rows, digest FROM model_digests');
  const save = db.prepare('INSERT OR REPLACE INTO model_digests (model, rows, digest) VALUES (?, ?, ?)');
  return {
    read() {
      const recorded = new Map(read.all().map((r) => [r['model'], r]));
      const digests: ModelDigests = new Map();
      for (const model of READ_MODELS) {
        const row = recorded.get(model);
        digests.set(
          model,
          row === undefined
            ? new ModelDigest()
            : ModelDigest.fromHex(row['rows'] as number, row['digest'] as string),
        );
      }
      return digests;
    },
    save(digests) {
      for (const [model, digest] of digests) save.run(model, digest.rows, digest.hex());
    },
  };
}

/** Digests every read model from its rows (a full read: for verify and the end of a bulk load). */
export function scanModelDigests(db: DatabaseSync): ModelDigests {
  return new Map(READ_MODELS.map((model) => [model, digestTable(db, model)]));
}
