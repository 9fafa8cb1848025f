import type { DatabaseSync } from 'node:sqlite';
import { StoreError, StoreErrorCode } from '../errors.ts';
import { sourceOfData } from '../eventKey.ts';

/** Bumped when the table layout changes; stored in `PRAGMA user_version`. */
export const SCHEMA_VERSION = 2;

// `position` is the rowid, assigned as max + 1 inside the write transaction (never reused: the
// ledger never deletes). `category` is stored so category subscriptions read an index. A fact is
// keyed by (event_id, source); that index also serves look-ups by id alone.
export const eventsTable = (name: string): string => `
CREATE TABLE ${name} (
  position INTEGER PRIMARY KEY,
  stream_id TEXT NOT NULL,
  revision INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  producer TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  stream_prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  category TEXT NOT NULL,
  source TEXT NOT NULL DEFAULT '',
  UNIQUE (stream_id, revision),
  UNIQUE (event_id, source)
);
`;

const categoryIndex = 'CREATE INDEX events_by_category ON events (category, position);';

const metadataTable = `
CREATE TABLE IF NOT EXISTS stream_metadata (
  stream_id TEXT PRIMARY KEY,
  metadata TEXT NOT NULL
);
`;

/** Connection settings every connection needs, writer or reader. */
export function applyPragmas(db: DatabaseSync, synchronous: 'full' | 'normal'): void {
  db.exec('PRAGMA journal_mode = WAL');
  db.exec(`PRAGMA synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
}

/** The schema version of an open ledger; undefined when it has no events table. */
export function schemaVersion(db: DatabaseSync): number | undefined {
  const table = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'events'`).get();
  if (table === undefined) return undefined;
  return Number(db.prepare('PRAGMA user_version').get()?.user_version ?? 0);
}

/** Creates the tables of an empty ledger (callers hold the write lock and checked it is empty). */
export function createSchema(db: DatabaseSync): void {
  db.exec(eventsTable('events') + categoryIndex + metadataTable + `PRAGMA user_version = ${SCHEMA_VERSION};`);
}

/**
 * Version 1 → 2 (facts keyed by (source, id), not id alone): rebuilds the events table with a
 * `source` column read from each record's data, keeping every other column, hash and position as
 * they were, so `verify` gives the same answer before and after. Callers hold the write lock.
 */
export function migrateFromVersion1(db: DatabaseSync): void {
  const columns =
    'position, stream_id, revision, event_id, type, data, producer, recorded_at, prev_hash, stream_prev_hash, hash, category';
  db.function('shiplog_source_of', { deterministic: true }, (data) =>
    sourceOfData(typeof data === 'string' ? data : ''),
  );
  db.exec(
    eventsTable('events_v2') +
      `INSERT INTO events_v2 (${columns}, source) SELECT ${columns}, shiplog_source_of(data) FROM events;
       DROP TABLE events;
       ALTER TABLE events_v2 RENAME TO events;` +
      categoryIndex +
      metadataTable +
      `PRAGMA user_version = ${SCHEMA_VERSION};`,
  );
}

/** Refuses a file that is not a shiplog ledger of a version this code reads. */
export function assertSchema(db: DatabaseSync, location: string): void {
  const version = schemaVersion(db);
  if (version === undefined) {
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
