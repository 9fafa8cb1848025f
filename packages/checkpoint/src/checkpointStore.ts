import { existsSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import type { CompactRange } from './compactRange.ts';
import { CheckpointError, CheckpointErrorCode } from './errors.ts';

/** A signed checkpoint as kept beside the ledger. */
export interface StoredCheckpoint {
  /** Leaves (records) the tree covers: the first `treeSize` records of the global log. */
  readonly treeSize: number;
  /** Global position of its last record. */
  readonly lastPosition: number;
  /** The tree's root, hex. */
  readonly root: string;
  /** The compact range of the tree: what the next checkpoint starts from. */
  readonly range: CompactRange;
  /** The C2SP signed note (tlog-checkpoint). */
  readonly note: string;
  readonly createdAt: string;
}

/** Where checkpoints live: their own table, apart from the events a tail cut would delete. */
export interface CheckpointStore {
  /** Every checkpoint, smallest tree first. */
  list(): StoredCheckpoint[];
  latest(): StoredCheckpoint | undefined;
  /** Adds a checkpoint; false when one of that tree size is already kept. */
  add(checkpoint: StoredCheckpoint): boolean;
  close(): void;
}

interface Row {
  tree_size: number;
  last_position: number;
  root: string;
  compact_range: string;
  note: string;
  created_at: string;
}

const schema = `
CREATE TABLE IF NOT EXISTS checkpoints (
  tree_size INTEGER PRIMARY KEY,
  last_position INTEGER NOT NULL,
  root TEXT NOT NULL,
  compact_range TEXT NOT NULL,
  note TEXT NOT NULL,
  created_at TEXT NOT NULL
)`;

function fromRow(row: Row): StoredCheckpoint {
  const hashes = (JSON.parse(row.compact_range) as string[]).map((h) => Buffer.from(h, 'hex'));
  return {
    treeSize: row.tree_size,
    lastPosition: row.last_position,
    root: row.root,
    range: { size: row.tree_size, hashes },
    note: row.note,
    createdAt: row.created_at,
  };
}

/**
 * Opens (creating when absent) the `checkpoints` table of a SQLite file: the ledger's own file
 * for an embedded ledger, a local file beside an EventStoreDB one. `:memory:` keeps them in memory.
 */
export function openCheckpointStore(path: string): CheckpointStore {
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(path, { timeout: 10_000 });
    db.exec(schema);
  } catch (err) {
    throw new CheckpointError(
      CheckpointErrorCode.CheckpointUnavailable,
      `cannot open the checkpoints in ${path}`,
      {
        cause: err,
      },
    );
  }
  const all = db.prepare('SELECT * FROM checkpoints ORDER BY tree_size');
  const last = db.prepare('SELECT * FROM checkpoints ORDER BY tree_size DESC LIMIT 1');
  const insert = db.prepare('INSERT OR IGNORE INTO checkpoints VALUES (?, ?, ?, ?, ?, ?)');
  return {
    list: () => (all.all() as unknown as Row[]).map(fromRow),
    latest() {
      const row = last.get() as unknown as Row | undefined;
      return row === undefined ? undefined : fromRow(row);
    },
    add(c) {
      const hashes = JSON.stringify(c.range.hashes.map((h) => h.toString('hex')));
      return insert.run(c.treeSize, c.lastPosition, c.root, hashes, c.note, c.createdAt).changes === 1;
    },
    close: () => db.close(),
  };
}

/**
 * The checkpoints kept in a SQLite file, read only: none when the file or its table is absent
 * (nothing is created, so `verify` never writes).
 */
export function readCheckpoints(path: string): StoredCheckpoint[] {
  return readOnly(path, 'SELECT * FROM checkpoints ORDER BY tree_size');
}

/** The latest checkpoint kept in a SQLite file, read only; undefined when there is none. */
export function readLatestCheckpoint(path: string): StoredCheckpoint | undefined {
  return readOnly(path, 'SELECT * FROM checkpoints ORDER BY tree_size DESC LIMIT 1')[0];
}

function readOnly(path: string, query: string): StoredCheckpoint[] {
  if (path === ':memory:' || !existsSync(path)) return [];
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(path, { readOnly: true, timeout: 10_000 });
    const table = db
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'checkpoints'`)
      .get();
    if (table === undefined) return [];
    return (db.prepare(query).all() as unknown as Row[]).map(fromRow);
  } catch (err) {
    throw new CheckpointError(
      CheckpointErrorCode.CheckpointUnavailable,
      `cannot read the checkpoints in ${path}`,
      {
        cause: err,
      },
    );
  } finally {
    db?.close();
  }
}
