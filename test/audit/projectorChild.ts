// A projector process for the crash test: catches the read models up over a ledger, reading the
// log slowly (a pause every 64 events) so the test can kill it mid-stream.
// usage: node test/audit/projectorChild.ts <ledger.db> <projections.db>
import { setTimeout as sleep } from 'node:timers/promises';
import { openProjections } from '@shiplog/projections';
import { createSqliteEventStore } from '@shiplog/store';
import type { EventStore, ReadAllOptions, RecordedEvent } from '@shiplog/store';

const [ledger, path] = process.argv.slice(2) as [string, string];
const store = await createSqliteEventStore(ledger, { create: false });

async function* slowly(records: AsyncIterable<RecordedEvent>): AsyncGenerator<RecordedEvent> {
  let n = 0;
  for await (const record of records) {
    if (++n % 64 === 0) await sleep(1);
    yield record;
  }
}

const slowStore: EventStore = {
  ...store,
  readAll: (options?: ReadAllOptions) => slowly(store.readAll(options)),
};
const projections = await openProjections({ store: slowStore, path });
const applied = await projections.catchUp();
await projections.close();
await store.close();
process.stdout.write(`${JSON.stringify({ applied })}\n`);
