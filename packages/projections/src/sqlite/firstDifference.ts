import type { DatabaseSync, SQLOutputValue } from 'node:sqlite';
import type { ReadModelName } from './modelDigest.ts';

type Row = Record<string, SQLOutputValue>;

/** Where two copies of a read model first part, reading both in the same sorted order. */
export interface RowDifference {
  /** The stored row there (null: the stored read model ends first). */
  readonly stored: Row | null;
  /** The replayed row there (null: the replay ends first). */
  readonly replayed: Row | null;
}

/**
 * Walks a read model's rows in both files sorted by every column, and returns the first place
 * where they differ (a changed row shows beside its original; a missing or extra row shows
 * beside its neighbour); undefined when they hold the same rows.
 */
export function firstDifference(
  stored: DatabaseSync,
  replayed: DatabaseSync,
  model: ReadModelName,
): RowDifference | undefined {
  const columns = stored.prepare(`SELECT count(*) AS n FROM pragma_table_info('${model}')`).get()?.['n'];
  const order = Array.from({ length: Number(columns) }, (_, i) => i + 1).join(', ');
  const sql = `SELECT * FROM ${model} ORDER BY ${order}`;
  const a = stored.prepare(sql).iterate();
  const b = replayed.prepare(sql).iterate();
  for (;;) {
    const x = a.next();
    const y = b.next();
    if (x.done === true && y.done === true) return undefined;
    const storedRow = x.done === true ? null : (x.value as Row);
    const replayedRow = y.done === true ? null : (y.value as Row);
    if (JSON.stringify(storedRow) !== JSON.stringify(replayedRow)) {
      a.return?.();
      b.return?.();
      return { stored: storedRow, replayed: replayedRow };
    }
  }
}
