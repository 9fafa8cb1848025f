import { StoreError, StoreErrorCode } from '../errors.ts';
import type { AppendResult, ExpectedRevision, NewEvent, RecordedEvent } from '../eventStore.ts';
import { recordHash, ZERO_HASH } from '../recordHash.ts';
import { categoryOf } from './sqliteSchema.ts';
import { isConstraintViolation } from './sqliteBusy.ts';
import type { SqliteStatements } from './sqliteStatements.ts';
import { rowToRecord } from './sqliteStatements.ts';
import { meetsExpectation } from '../meetsExpectation.ts';

const DEFAULT_PRODUCER = 'unknown';

/**
 * One attempt at an append, as one `BEGIN IMMEDIATE` transaction: SQLite's single writer lock
 * makes reading the heads, checking the expectation and inserting atomic across processes.
 * Throws SQLITE_BUSY untouched so the caller can retry.
 */
export function appendOnce(
  s: SqliteStatements,
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
  recordedAt: string,
): AppendResult {
  s.begin.run();
  try {
    const result = appendLocked(s, streamId, events, expected, recordedAt);
    if (result.duplicate) s.rollback.run();
    else s.commit.run();
    return result;
  } catch (err) {
    rollbackQuietly(s);
    throw err;
  }
}

export function appendLocked(
  s: SqliteStatements,
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
  recordedAt: string,
): AppendResult {
  // An empty ledger has no global head row, so no row at all.
  const heads = s.heads.get(streamId) as unknown as
    [number, string, number | null, string | null] | undefined;
  const current = heads?.[2] ?? -1;
  if (!meetsExpectation(expected, current)) {
    // A retried append finds the stream moved on by its own earlier success: not a conflict.
    const replay = replayOf(s, streamId, events);
    if (replay !== undefined) return replay;
    throw new StoreError(
      StoreErrorCode.VersionConflict,
      `stream ${streamId} is at revision ${current}; the append expected ${String(expected)}`,
    );
  }
  let position = heads?.[0] ?? 0;
  const firstPosition = position + 1;
  let prevHash = heads?.[1] ?? ZERO_HASH;
  let streamPrevHash = heads?.[3] ?? ZERO_HASH;
  let revision = current;
  const category = categoryOf(streamId);
  const records: RecordedEvent[] = [];
  for (const event of events) {
    position += 1;
    revision += 1;
    const { id, type, data } = event;
    const source = event.source ?? '';
    const producer = event.producer ?? DEFAULT_PRODUCER;
    const fields = { streamId, revision, id, type, producer, recordedAt, data };
    const hash = recordHash(prevHash, streamPrevHash, fields);
    try {
      s.insert.run(
        position,
        streamId,
        revision,
        id,
        type,
        data,
        producer,
        recordedAt,
        prevHash,
        streamPrevHash,
        hash,
        source,
        category,
      );
    } catch (err) {
      // Only the key (source, id) can collide: position and revision come from the heads read under the lock.
      if (!isConstraintViolation(err)) throw err;
      const replay = replayOf(s, streamId, events, firstPosition);
      if (replay !== undefined) return replay;
      throw new StoreError(
        StoreErrorCode.EventIdReused,
        `event id ${id} from source ${source} is already recorded`,
        { cause: err },
      );
    }
    records.push({
      streamId,
      revision,
      position,
      id,
      source,
      type,
      data,
      producer,
      recordedAt,
      prevHash,
      streamPrevHash,
      hash,
    });
    prevHash = hash;
    streamPrevHash = hash;
  }
  return { nextExpectedRevision: revision, position, duplicate: false, records };
}

/**
 * When every event of the batch is already recorded under its (source, id) in this stream with the
 * same type and data, the stored records (an idempotent replay); when none is recorded, undefined;
 * otherwise the batch reuses keys and is refused.
 */
function replayOf(
  s: SqliteStatements,
  streamId: string,
  events: readonly NewEvent[],
  ownFrom = Infinity,
): AppendResult | undefined {
  const stored: RecordedEvent[] = [];
  for (const event of events) {
    const row = s.byKey.get(event.id, event.source ?? '');
    const record = row === undefined ? undefined : rowToRecord(row);
    // Rows from `ownFrom` on were inserted by this very attempt (about to be rolled back).
    if (record !== undefined && record.position < ownFrom) stored.push(record);
  }
  if (stored.length === 0) return undefined;
  if (stored.length !== events.length) {
    throw new StoreError(
      StoreErrorCode.EventIdReused,
      `${stored.length} of the ${events.length} events are already recorded; append only the new events`,
    );
  }
  events.forEach((event, i) => {
    const record = stored[i] as RecordedEvent;
    if (record.streamId !== streamId || record.type !== event.type || record.data !== event.data) {
      const where = record.streamId === streamId ? 'with other content' : `in stream ${record.streamId}`;
      throw new StoreError(
        StoreErrorCode.EventIdReused,
        `event id ${event.id} from source ${record.source} is already recorded ${where}`,
      );
    }
  });
  const last = stored.reduce((a, b) => (b.position > a.position ? b : a));
  const head = s.streamHead.get(streamId) as unknown as [number, string];
  return { nextExpectedRevision: head[0], position: last.position, duplicate: true, records: stored };
}

export function rollbackQuietly(s: SqliteStatements): void {
  try {
    s.rollback.run();
  } catch {
    // No transaction left to roll back (BEGIN itself failed, or SQLite already rolled back).
  }
}
