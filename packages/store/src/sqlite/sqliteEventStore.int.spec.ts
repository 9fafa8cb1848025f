import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventStoreContract } from '../testing/index.ts';
import { createSqliteEventStore } from './sqliteEventStore.ts';

// Both places a write can run: the calling thread (the default) and a writer thread.
for (const writer of ['inline', 'thread'] as const) {
  describeEventStoreContract(`sqlite (${writer} writer)`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shiplog-contract-'));
    const store = await createSqliteEventStore(join(dir, 'ledger.db'), { pollIntervalMs: 20, writer });
    return {
      store,
      cleanup: async () => {
        await store.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  });
}
