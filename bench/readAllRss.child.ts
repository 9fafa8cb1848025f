// Reads a whole ledger through the store, sampling RSS; prints {startMb, atTenPercentMb, peakMb, count}.
// usage: node bench/readAllRss.child.ts <ledger.db> <events in it>
import { createSqliteEventStore } from '@shiplog/store';

const mb = (): number => process.memoryUsage.rss() / 1024 / 1024;
const [path, events] = process.argv.slice(2) as [string, string];
const tenPercent = Math.floor(Number(events) / 10);
const store = await createSqliteEventStore(path, { create: false });
const startMb = mb();
let peakMb = startMb;
let atTenPercentMb = startMb;
let count = 0;
for await (const _record of store.readAll()) {
  count += 1;
  if (count % 10_000 === 0) peakMb = Math.max(peakMb, mb());
  if (count === tenPercent) atTenPercentMb = mb();
}
await store.close();
process.stdout.write(JSON.stringify({ startMb, atTenPercentMb, peakMb: Math.max(peakMb, mb()), count }));
