import { setImmediate as nextTurn } from 'node:timers/promises';
import { StoreError, StoreErrorCode } from '../errors.ts';
import type { ReadAllOptions, ReadStreamOptions, RecordedEvent } from '../eventStore.ts';
import { asStoreError } from './sqliteBusy.ts';
import type { SqliteStatements } from './sqliteStatements.ts';
import { rowToRecord } from './sqliteStatements.ts';

/** What the readers need from the store: its statements while it is open. */
export interface ReadContext {
  statements(): SqliteStatements;
  readonly pageSize: number;
}

/** One page of the global log (optionally one category) after a position. */
export function readAllPage(
  ctx: ReadContext,
  afterPosition: number,
  limit: number,
  category?: string,
): RecordedEvent[] {
  const s = ctx.statements();
  try {
    const rows =
      category === undefined
        ? s.allPage.all(afterPosition, limit)
        : s.categoryPage.all(category, afterPosition, limit);
    return rows.map(rowToRecord);
  } catch (err) {
    throw asStoreError(err, 'reading the global log');
  }
}

// Pages of `pageSize` rows, each its own short read: memory stays flat however long the log, and
// no read transaction stays open between pages to hold back WAL checkpoints.
export async function* readAllPages(
  ctx: ReadContext,
  options: ReadAllOptions,
): AsyncGenerator<RecordedEvent> {
  let after = options.afterPosition ?? 0;
  let left = options.maxCount ?? Infinity;
  while (left > 0) {
    const page = readAllPage(ctx, after, Math.min(ctx.pageSize, left));
    for (const record of page) yield record;
    const last = page.at(-1);
    if (last === undefined || page.length < ctx.pageSize) return;
    after = last.position;
    left -= page.length;
    // Reads are synchronous: let timers and I/O run between pages of a long read.
    await nextTurn();
  }
}

export async function* readStreamPages(
  ctx: ReadContext,
  streamId: string,
  options: ReadStreamOptions,
): AsyncGenerator<RecordedEvent> {
  const backwards = options.direction === 'backwards';
  const head = ctx.statements().streamHead.get(streamId) as unknown as [number, string] | undefined;
  if (head === undefined)
    throw new StoreError(StoreErrorCode.StreamNotFound, `stream ${streamId} has no events`);
  let from = options.fromRevision ?? (backwards ? head[0] : 0);
  let left = options.maxCount ?? Infinity;
  while (left > 0 && from >= 0) {
    const limit = Math.min(ctx.pageSize, left);
    const s = ctx.statements();
    const rows = (backwards ? s.streamBackwards : s.streamForwards).all(streamId, from, limit);
    for (const row of rows) yield rowToRecord(row);
    if (rows.length < limit) return;
    from = backwards ? from - rows.length : from + rows.length;
    left -= rows.length;
    await nextTurn();
  }
}
