import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { RecordedEvent } from '../eventStore.ts';

const columns =
  'position, stream_id, revision, event_id, type, data, producer, recorded_at, prev_hash, stream_prev_hash, hash, source';

/** Every statement the adapter runs, prepared once per connection. */
export interface SqliteStatements {
  readonly begin: StatementSync;
  readonly commit: StatementSync;
  readonly rollback: StatementSync;
  readonly insert: StatementSync;
  readonly heads: StatementSync;
  readonly streamHead: StatementSync;
  readonly byKey: StatementSync;
  readonly byEventId: StatementSync;
  readonly byKeys: StatementSync;
  readonly allPage: StatementSync;
  readonly categoryPage: StatementSync;
  readonly streamForwards: StatementSync;
  readonly streamBackwards: StatementSync;
  readonly getMetadata: StatementSync;
  readonly setMetadata: StatementSync;
}

export function prepareStatements(db: DatabaseSync): SqliteStatements {
  const arrays = (sql: string): StatementSync => {
    const statement = db.prepare(sql);
    statement.setReturnArrays(true);
    return statement;
  };
  return {
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    insert: db.prepare(
      `INSERT INTO events (${columns}, category) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    // Both heads an append needs in one step: [global position, global hash, stream revision, stream hash].
    heads: arrays(
      `SELECT g.position, g.hash, s.revision, s.hash
       FROM (SELECT position, hash FROM events ORDER BY position DESC LIMIT 1) AS g
       LEFT JOIN (SELECT revision, hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1) AS s`,
    ),
    streamHead: arrays(
      'SELECT revision, hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1',
    ),
    byKey: arrays(`SELECT ${columns} FROM events WHERE event_id = ? AND source = ?`),
    byEventId: arrays(`SELECT ${columns} FROM events WHERE event_id = ? ORDER BY position`),
    // The keys as one JSON array of [source, id] pairs: one statement for a whole group, whatever its size.
    byKeys: arrays(
      `SELECT ${columns} FROM events WHERE (event_id, source) IN
       (SELECT value ->> 1, value ->> 0 FROM json_each(?))`,
    ),
    allPage: arrays(`SELECT ${columns} FROM events WHERE position > ? ORDER BY position LIMIT ?`),
    categoryPage: arrays(
      `SELECT ${columns} FROM events WHERE category = ? AND position > ? ORDER BY position LIMIT ?`,
    ),
    streamForwards: arrays(
      `SELECT ${columns} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`,
    ),
    streamBackwards: arrays(
      `SELECT ${columns} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
    ),
    getMetadata: db.prepare('SELECT metadata FROM stream_metadata WHERE stream_id = ?'),
    setMetadata: db.prepare(
      'INSERT INTO stream_metadata (stream_id, metadata) VALUES (?, ?) ON CONFLICT (stream_id) DO UPDATE SET metadata = excluded.metadata',
    ),
  };
}

/** Maps a row of `columns` (returned as an array) to a record. */
export function rowToRecord(row: unknown): RecordedEvent {
  const r = row as readonly [
    number,
    string,
    number,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return {
    position: r[0],
    streamId: r[1],
    revision: r[2],
    id: r[3],
    source: r[11],
    type: r[4],
    data: r[5],
    producer: r[6],
    recordedAt: r[7],
    prevHash: r[8],
    streamPrevHash: r[9],
    hash: r[10],
  };
}
