import type { AppendResult, BatchAppend, ExpectedRevision, NewEvent } from '../eventStore.ts';
import { appendOnce } from './sqliteAppend.ts';
import { appendBatchOnce } from './sqliteAppendBatch.ts';
import { retryWhileBusy } from './sqliteBusy.ts';
import type { SqliteStatements } from './sqliteStatements.ts';

/** Every write the SQLite adapter makes, on one connection: the calling thread's or a writer thread's. */
export interface SqliteWriter {
  append(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
    recordedAt: string,
  ): Promise<AppendResult>;
  appendBatch(appends: readonly BatchAppend[], recordedAt: string): Promise<AppendResult[]>;
  setMetadata(streamId: string, json: string): Promise<void>;
  close(): Promise<void>;
}

/** Writes on `statements`' connection, retrying while another connection holds the lock. */
export function createInlineWriter(statements: () => SqliteStatements, lockTimeoutMs: number): SqliteWriter {
  return {
    append: (streamId, events, expected, recordedAt) =>
      retryWhileBusy(
        () => appendOnce(statements(), streamId, events, expected, recordedAt),
        lockTimeoutMs,
        `append to ${streamId}`,
      ),
    appendBatch: (appends, recordedAt) =>
      retryWhileBusy(
        () => appendBatchOnce(statements(), appends, recordedAt),
        lockTimeoutMs,
        `append ${appends.length} batches`,
      ),
    async setMetadata(streamId, json) {
      await retryWhileBusy(
        () => statements().setMetadata.run(streamId, json),
        lockTimeoutMs,
        `metadata of ${streamId}`,
      );
    },
    close: () => Promise.resolve(),
  };
}
