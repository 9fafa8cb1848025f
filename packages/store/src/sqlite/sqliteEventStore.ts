import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { StoreError, StoreErrorCode } from '../errors.ts';
import { eventKey, withSources } from '../eventKey.ts';
import type { EventStore, RecordedEvent, StreamMetadata, Subscription } from '../eventStore.ts';
import {
  assertValidAppend,
  assertValidEventId,
  assertValidKeys,
  assertValidMetadata,
  assertValidStreamId,
} from '../validateAppend.ts';
import { retryWhileBusy } from './sqliteBusy.ts';
import { readAllPage, readAllPages, readStreamPages } from './sqliteReads.ts';
import type { ReadContext } from './sqliteReads.ts';
import {
  applyPragmas,
  assertSchema,
  createSchema,
  migrateFromVersion1,
  schemaVersion,
} from './sqliteSchema.ts';
import { prepareStatements, rowToRecord } from './sqliteStatements.ts';
import type { SqliteStatements } from './sqliteStatements.ts';
import { createSqliteSubscription } from './sqliteSubscription.ts';
import { createInlineWriter } from './sqliteWriter.ts';
import type { SqliteWriter } from './sqliteWriter.ts';
import { createThreadWriter } from './sqliteWriterThread.ts';

export interface SqliteEventStoreOptions {
  /** Create the file and its tables when absent (default true). False: open an existing ledger or fail. */
  readonly create?: boolean;
  /** Time source for `recordedAt` (default: the system clock). */
  readonly clock?: () => Date;
  /** `full` (default) survives power loss; `normal` survives a process crash only, and writes faster. */
  readonly synchronous?: 'full' | 'normal';
  /** How long one attempt waits inside SQLite for another process's lock (default 50 ms). */
  readonly busyTimeoutMs?: number;
  /** How long an append keeps retrying a locked ledger before STORE_UNAVAILABLE (default 30 s). */
  readonly lockTimeoutMs?: number;
  /** How often subscriptions look for other processes' appends (default 100 ms). */
  readonly pollIntervalMs?: number;
  /** Rows per read page (default 1,000). */
  readonly pageSize?: number;
  /**
   * Where writes run (default `inline`, on this thread). `thread`: on a worker thread with its own
   * connection, started at the first write, so this thread keeps serving while a commit syncs to
   * disk (for a busy writer such as ingest). An in-memory ledger always writes inline.
   */
  readonly writer?: 'inline' | 'thread';
}

/**
 * Opens the embedded SQLite event store at `path` (WAL mode; safe with several processes
 * writing one file: each append is one BEGIN IMMEDIATE transaction, retried while busy).
 */
export async function createSqliteEventStore(
  path: string,
  options: SqliteEventStoreOptions = {},
): Promise<EventStore> {
  const create = options.create ?? true;
  const clock = options.clock ?? (() => new Date());
  const lockTimeoutMs = options.lockTimeoutMs ?? 30_000;
  if (!create && path !== ':memory:' && !existsSync(path)) {
    throw new StoreError(StoreErrorCode.Unavailable, `no ledger at ${path}`);
  }
  if (create && path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path, { timeout: options.busyTimeoutMs ?? 50 });
  } catch (err) {
    throw new StoreError(StoreErrorCode.Unavailable, `cannot open ledger ${path}`, { cause: err });
  }
  let statements: SqliteStatements;
  try {
    await retryWhileBusy(
      () => {
        applyPragmas(db, options.synchronous ?? 'full');
        // Creating a ledger, or migrating one an earlier version wrote, takes the write lock;
        // opening a current one does not.
        const needs = (version: number | undefined) => (version === undefined && create) || version === 1;
        if (!needs(schemaVersion(db))) return;
        inWriteTransaction(db, () => {
          const version = schemaVersion(db);
          if (version === undefined && create) createSchema(db);
          if (version === 1) migrateFromVersion1(db);
        });
      },
      lockTimeoutMs,
      `open ${path}`,
    );
    assertSchema(db, path);
    statements = prepareStatements(db);
  } catch (err) {
    db.close();
    if (err instanceof StoreError) throw err;
    throw new StoreError(StoreErrorCode.Unavailable, `cannot open ledger ${path}`, { cause: err });
  }

  let closed = false;
  const listeners = new Set<() => void>();
  const subscriptions = new Set<Subscription>();
  const open = (): SqliteStatements => {
    if (closed) throw new StoreError(StoreErrorCode.Closed, 'the event store is closed');
    return statements;
  };
  const reads: ReadContext = { statements: open, pageSize: options.pageSize ?? 1000 };
  const writer: SqliteWriter =
    options.writer === 'thread' && path !== ':memory:'
      ? createThreadWriter({
          path,
          synchronous: options.synchronous ?? 'full',
          busyTimeoutMs: options.busyTimeoutMs ?? 50,
          lockTimeoutMs,
        })
      : createInlineWriter(open, lockTimeoutMs);

  return {
    async appendToStream(streamId, sent, appendOptions = {}) {
      const expected = appendOptions.expectedRevision ?? 'any';
      const events = withSources(sent);
      assertValidAppend(streamId, events, expected);
      open();
      const result = await writer.append(streamId, events, expected, clock().toISOString());
      if (!result.duplicate) for (const notify of listeners) notify();
      return result;
    },
    async appendBatch(sent) {
      const appends = sent.map((a) => ({ ...a, events: withSources(a.events) }));
      for (const a of appends) assertValidAppend(a.streamId, a.events, a.expectedRevision ?? 'any');
      if (appends.length === 0) return [];
      open();
      const results = await writer.appendBatch(appends, clock().toISOString());
      if (results.some((r) => !r.duplicate)) for (const notify of listeners) notify();
      return results;
    },
    readStream(streamId, readOptions = {}) {
      assertValidStreamId(streamId);
      return readStreamPages(reads, streamId, readOptions);
    },
    readAll(readOptions = {}) {
      return readAllPages(reads, readOptions);
    },
    readEvent(eventId, source) {
      return new Promise<RecordedEvent | undefined>((resolve) => {
        assertValidEventId(eventId, source);
        const s = open();
        const row = source === undefined ? s.byEventId.get(eventId) : s.byKey.get(eventId, source);
        resolve(row === undefined ? undefined : rowToRecord(row));
      });
    },
    readEventsById(eventId) {
      return new Promise<RecordedEvent[]>((resolve) => {
        assertValidEventId(eventId);
        resolve(open().byEventId.all(eventId).map(rowToRecord));
      });
    },
    readEvents(keys) {
      return new Promise<Map<string, RecordedEvent>>((resolve) => {
        assertValidKeys(keys);
        const found = new Map<string, RecordedEvent>();
        if (keys.length === 0) return resolve(found);
        const pairs = JSON.stringify(keys.map((key) => [key.source, key.id]));
        for (const row of open().byKeys.all(pairs)) {
          const record = rowToRecord(row);
          found.set(eventKey(record.source, record.id), record);
        }
        resolve(found);
      });
    },
    subscribeToAll(subscribeOptions = {}) {
      open();
      const subscription = createSqliteSubscription(
        {
          readPage: (after, limit, category) => readAllPage(reads, after, limit, category),
          listen: (wake) => {
            listeners.add(wake);
            return () => listeners.delete(wake);
          },
          pageSize: reads.pageSize,
          pollIntervalMs: options.pollIntervalMs ?? 100,
        },
        subscribeOptions,
      );
      subscriptions.add(subscription);
      return {
        [Symbol.asyncIterator]: () => subscription[Symbol.asyncIterator](),
        close: async () => {
          subscriptions.delete(subscription);
          await subscription.close();
        },
      };
    },
    getStreamMetadata(streamId) {
      // A promise constructor turns a throw (bad id, closed store) into a rejection.
      return new Promise<StreamMetadata | undefined>((resolve) => {
        assertValidStreamId(streamId);
        const row = open().getMetadata.get(streamId) as { metadata: string } | undefined;
        resolve(row === undefined ? undefined : (JSON.parse(row.metadata) as StreamMetadata));
      });
    },
    async setStreamMetadata(streamId, metadata) {
      assertValidStreamId(streamId);
      assertValidMetadata(metadata);
      open();
      await writer.setMetadata(streamId, JSON.stringify(metadata));
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...subscriptions].map((subscription) => subscription.close()));
      await writer.close();
      db.close();
    },
  };
}

function inWriteTransaction(db: DatabaseSync, work: () => void): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    work();
    db.exec('COMMIT');
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
}
