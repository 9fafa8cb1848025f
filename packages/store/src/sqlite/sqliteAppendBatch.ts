import type { AppendResult, BatchAppend } from '../eventStore.ts';
import { appendLocked, rollbackQuietly } from './sqliteAppend.ts';
import type { SqliteStatements } from './sqliteStatements.ts';

/**
 * Group commit: every append of `appends` in one `BEGIN IMMEDIATE` transaction, so they become
 * durable with one sync. Each keeps `appendToStream`'s checks; any failure rolls back all of them.
 */
export function appendBatchOnce(
  s: SqliteStatements,
  appends: readonly BatchAppend[],
  recordedAt: string,
): AppendResult[] {
  s.begin.run();
  try {
    const results = appends.map((a) =>
      appendLocked(s, a.streamId, a.events, a.expectedRevision ?? 'any', recordedAt),
    );
    if (results.every((r) => r.duplicate)) s.rollback.run();
    else s.commit.run();
    return results;
  } catch (err) {
    rollbackQuietly(s);
    throw err;
  }
}
