import type { DatabaseSync, SQLOutputValue } from 'node:sqlite';
import type { ReadModelName } from './modelDigest.ts';

type Row = Record<string, SQLOutputValue>;
const text = (row: Row | null | undefined): string => JSON.stringify(row ?? null);

/**
 * Where two copies of a read model first part, reading both in the same sorted order: a row only
 * the stored copy has (`replayed` null: inserted), a row only the replay has (`stored` null:
 * deleted), or the stored row where the replay has another (changed).
 */
export interface RowDifference {
  readonly stored: Row | null;
  readonly replayed: Row | null;
}

/**
 * Walks a read model's rows in both files sorted by every column, and returns the first place
 * where they differ (one row further on each side tells a deleted or inserted row from a changed
 * one); undefined when they hold the same rows.
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
    if (text(storedRow) !== text(replayedRow)) {
      const storedNext = a.next();
      const replayedNext = b.next();
      a.return?.();
      b.return?.();
      if (storedRow !== null && text(replayedNext.value) === text(storedRow))
        return { stored: null, replayed: replayedRow };
      if (replayedRow !== null && text(storedNext.value) === text(replayedRow))
        return { stored: storedRow, replayed: null };
      return { stored: storedRow, replayed: replayedRow };
    }
  }
}
