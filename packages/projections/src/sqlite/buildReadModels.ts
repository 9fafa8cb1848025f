import { rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import type { EventStore } from '@shiplog/store';
import { catchUp } from '../catchUp.ts';
import { modelDigestsTable, scanModelDigests } from './modelDigests.ts';
import { ensureProjectionSchema, finishBulkLoad } from './projectionSchema.ts';
import { createProjectionWriter } from './projectionWriter.ts';

/** A SQLite file and the journal files that may lie beside it. */
export const sidecars = (path: string): string[] => [path, `${path}-wal`, `${path}-shm`, `${path}-journal`];

export interface BuildOptions {
  /** Stop at the first event recorded after this instant (replay `--until`), and stay there. */
  readonly untilMs?: number;
  /** Apply nothing past this global position. */
  readonly toPosition?: number;
}

/**
 * Builds read models from position zero into a new file `file` (any old one is removed first),
 * bulk-loaded, indexed and with each read model's digest recorded; on failure no file is left.
 * Resolves to how many events were applied and the position reached.
 */
export async function buildReadModels(
  store: EventStore,
  file: string,
  options: BuildOptions = {},
): Promise<{ applied: number; position: number }> {
  for (const leftover of sidecars(file)) rmSync(leftover, { force: true });
  const db = new DatabaseSync(file);
  try {
    // A throwaway copy until renamed: no need to survive a crash, so skip the durability work.
    db.exec('PRAGMA journal_mode = MEMORY');
    db.exec('PRAGMA synchronous = OFF');
    db.exec('PRAGMA cache_size = -8192');
    ensureProjectionSchema(db, { indexes: false });
    const writer = createProjectionWriter(db, { bulk: true });
    writer.setUntil(options.untilMs);
    const applied = await catchUp(
      store,
      writer,
      options.toPosition === undefined ? {} : { toPosition: options.toPosition },
    );
    const { position } = writer.checkpoint();
    finishBulkLoad(db);
    modelDigestsTable(db).save(scanModelDigests(db));
    db.exec('PRAGMA journal_mode = WAL');
    db.close();
    return { applied, position };
  } catch (err) {
    if (db.isOpen) db.close();
    for (const leftover of sidecars(file)) rmSync(leftover, { force: true });
    throw err;
  }
}
