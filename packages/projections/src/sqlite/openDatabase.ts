import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ensureProjectionSchema } from './projectionSchema.ts';

/** Opens (creating when absent) a projections file for live use: WAL, so readers never wait for the projector. */
export function openDatabase(path: string): DatabaseSync {
  mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  try {
    db.exec('PRAGMA busy_timeout = 10000');
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    ensureProjectionSchema(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}
