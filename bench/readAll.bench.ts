// Global-log read throughput and verify throughput over a large ledger, and peak RSS while
// reading it (in a child process, so this harness's own memory does not count).
import { execFile } from 'node:child_process';
import { DatabaseSync } from 'node:sqlite';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { createSqliteEventStore, verifyChain } from '@shiplog/store';
import type { BenchContext, Figure } from './benchTypes.ts';

const run$ = promisify(execFile);

async function timeStoreRead(path: string): Promise<number> {
  const store = await createSqliteEventStore(path, { create: false });
  const started = performance.now();
  let count = 0;
  for await (const record of store.readAll()) if (record.position > 0) count += 1;
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  return count / seconds;
}

function timeRawRead(path: string): number {
  const db = new DatabaseSync(path, { readOnly: true });
  const started = performance.now();
  let count = 0;
  for (const row of db.prepare('SELECT * FROM events ORDER BY position').iterate())
    if (row.position !== 0) count += 1;
  const seconds = (performance.now() - started) / 1000;
  db.close();
  return count / seconds;
}

async function timeVerify(path: string, events: number): Promise<number> {
  const store = await createSqliteEventStore(path, { create: false });
  const started = performance.now();
  const result = await verifyChain(store);
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  if (!result.ok || result.count !== events)
    throw new Error(`bench ledger did not verify: ${JSON.stringify(result)}`);
  return events / seconds;
}

export async function run(ctx: BenchContext): Promise<Figure[]> {
  const events = ctx.quick ? 100_000 : 1_000_000;
  const path = await ctx.ledger(events);
  timeRawRead(path); // warm the OS page cache: this measures the store, not the disk
  let read = 0;
  let raw = 0;
  let verify = 0;
  for (let round = 0; round < 3; round++) {
    read = Math.max(read, await timeStoreRead(path));
    raw = Math.max(raw, timeRawRead(path));
    verify = Math.max(verify, await timeVerify(path, events));
  }
  const child = await run$(process.execPath, [
    join(import.meta.dirname, 'readAllRss.child.ts'),
    path,
    String(events),
  ]);
  const rss = JSON.parse(child.stdout) as {
    startMb: number;
    peakMb: number;
    atTenPercentMb: number;
    count: number;
  };
  const growthMb = rss.peakMb - rss.atTenPercentMb;
  ctx.log(
    `read ${Math.round(read)}/s (raw ${Math.round(raw)}/s), verify ${Math.round(verify)}/s, rss ${JSON.stringify(rss)}`,
  );
  return [
    {
      name: `readAll over ${events} events`,
      value: read,
      unit: 'events/s',
      baseline: raw,
      ratio: read / raw,
      goal: '≥ 500000 events/s',
      met: read >= 500_000,
    },
    {
      name: `verify over ${events} events`,
      value: verify,
      unit: 'events/s',
      goal: '≥ 300000 events/s',
      met: verify >= 300_000,
    },
    {
      name: `peak RSS reading ${rss.count} events`,
      value: rss.peakMb,
      unit: 'MB',
      goal: `< 200 MB and flat (grew ${growthMb.toFixed(1)} MB after the first 10%)`,
      met: rss.peakMb < 200 && growthMb < 20,
    },
  ];
}
