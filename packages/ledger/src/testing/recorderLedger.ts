import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore, RecordedEvent } from '@shiplog/store';
import { createSqliteEventStore } from '@shiplog/store';
import { afterEach, beforeEach } from 'vitest';
import { createRecorder } from '../recorder.ts';
import type { Recorder } from '../recorder.ts';

export interface RecorderLedger {
  store(): EventStore;
  recorder(): Recorder;
  /** Every record, in global order. */
  all(): Promise<RecordedEvent[]>;
}

/** A fresh SQLite ledger and a recorder on it for each test of the calling file, removed after it. */
export function useRecorderLedger(): RecorderLedger {
  let dir: string;
  let store: EventStore | undefined;
  let recorder: Recorder | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shiplog-recorder-'));
    store = await createSqliteEventStore(join(dir, 'ledger.db'));
    recorder = createRecorder({ store, producer: 'test' });
  });
  afterEach(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });
  const opened = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the test ledger is not open');
    return value;
  };
  return {
    store: () => opened(store),
    recorder: () => opened(recorder),
    async all() {
      const records: RecordedEvent[] = [];
      for await (const r of opened(store).readAll()) records.push(r);
      return records;
    },
  };
}
