import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { EventStore } from '@shiplog/store';
import { ProjectionsError, ProjectionsErrorCode } from './errors.ts';
import { buildReadModels, sidecars } from './sqlite/buildReadModels.ts';
import { queryTimeMs } from './time.ts';

export interface ReplayOptions {
  readonly store: EventStore;
  /** The live projections file; replaced only once the copy is complete. */
  readonly path: string;
  /** RFC 3339: rebuild the read models as the ledger stood then (events recorded by this time). */
  readonly until?: string;
}

export interface ReplayResult {
  /** Events applied to the new read models. */
  readonly applied: number;
  /** The global position they reach. */
  readonly position: number;
  /** The copy that was built and renamed over `path`. */
  readonly builtAt: string;
}

/**
 * Rebuilds every read model from the log into a fresh copy (`<path>.replay-<n>`) and swaps it in
 * by an atomic rename only when complete; a failed replay leaves the live read models untouched.
 * With `until`, the copy stops at the first event recorded after it and stays there (later
 * catch-ups keep to it) until the next replay without `until`.
 */
export async function replay(options: ReplayOptions): Promise<ReplayResult> {
  const untilMs = options.until === undefined ? undefined : queryTimeMs(options.until, 'until');
  const builtAt = `${options.path}.replay-${process.pid}`;
  mkdirSync(dirname(options.path), { recursive: true });
  const { applied, position } = await buildReadModels(
    options.store,
    builtAt,
    untilMs === undefined ? {} : { untilMs },
  );
  try {
    leaveWal(options.path);
    renameSync(builtAt, options.path);
  } catch (err) {
    for (const file of sidecars(builtAt)) rmSync(file, { force: true });
    throw err;
  }
  return { applied, position, builtAt };
}

// The old file's write-ahead log must be folded in and gone before the rename: SQLite would
// otherwise replay a leftover `-wal` onto the new file. Leaving WAL mode needs every other
// connection closed, so this is also where a busy projections file is noticed.
function leaveWal(path: string): void {
  if (!existsSync(path)) {
    for (const file of sidecars(path)) rmSync(file, { force: true });
    return;
  }
  const old = new DatabaseSync(path);
  try {
    old.exec('PRAGMA busy_timeout = 5000');
    const mode = old.prepare('PRAGMA journal_mode = DELETE').get()?.['journal_mode'];
    if (mode !== 'delete') throw new ProjectionsError(ProjectionsErrorCode.Busy, inUse(path));
  } catch (err) {
    if (err instanceof ProjectionsError) throw err;
    const locked = err instanceof Error && /database is locked|SQLITE_BUSY/i.test(err.message);
    throw new ProjectionsError(
      ProjectionsErrorCode.Busy,
      locked ? inUse(path) : `cannot replace ${path}: ${String(err)}`,
      { cause: err },
    );
  } finally {
    old.close();
  }
}

function inUse(path: string): string {
  return (
    `cannot replace ${path}: another shiplog process (shiplog dev or shiplog serve api) has the read ` +
    'models open: stop it, run shiplog replay, then start it again. Nothing was changed, and read ' +
    'commands keep answering meanwhile'
  );
}
