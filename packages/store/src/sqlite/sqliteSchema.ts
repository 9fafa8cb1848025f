import type { DatabaseSync } from 'node:sqlite';
import { StoreError, StoreErrorCode } from '../errors.ts';

/** Bumped when the table layout changes; stored in `PRAGMA user_version`. */
export const SCHEMA_VERSION = 1;

// `position` is the rowid, assigned as max + 1 inside the write transaction (never reused: the
// ledger never deletes). `category` is stored so category subscriptions read an index.
const schema = `
CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY,
  stream_id TEXT NOT NULL,
  revision INTEGER NOT NULL,
  event_id TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  producer TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  stream_prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  category TEXT NOT NULL,
  UNIQUE (stream_id, revision)
);
CREATE INDEX IF NOT EXISTS events_by_category ON events (category, position);
CREATE TABLE IF NOT EXISTS stream_metadata (
  stream_id TEXT PRIMARY KEY,
  metadata TEXT NOT NULL
);
PRAGMA user_version = ${SCHEMA_VERSION};
`;

/** Connection settings every connection needs, writer or reader. */
export function applyPragmas(db: DatabaseSync, synchronous: 'full' | 'normal'): void {
  db.exec('PRAGMA journal_mode = WAL');
  db.exec(`PRAGMA synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
}

/** Creates the tables when absent (idempotent; callers hold the write lock). */
export function createSchema(db: DatabaseSync): void {
  db.exec(schema);
}

/** Refuses a file that is not a shiplog ledger of a version this code reads. */
export function assertSchema(db: DatabaseSync, location: string): void {
  const table = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'events'`).get();
  const version = db.prepare('PRAGMA user_version').get()?.user_version;
  if (table === undefined) {
    throw new StoreError(StoreErrorCode.Unavailable, `${location} is not a shiplog ledger (no events table)`);
  }
  if (version !== SCHEMA_VERSION) {
    throw new StoreError(
      StoreErrorCode.Unavailable,
      `${location} has ledger schema version ${String(version)}; this shiplog reads version ${SCHEMA_VERSION}`,
    );
  }
}

/** The category of a stream: its id up to the first `-` (none when there is no `-`). */
export function categoryOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash <= 0 ? '' : streamId.slice(0, dash);
}
