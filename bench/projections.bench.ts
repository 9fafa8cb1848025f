// Read models over a generated history of realistic release chains: replay throughput and peak
// RSS (in a child process: this same file run with `--replay-child`), and the latency of the
// auditor's queries as function calls on the projections.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openProjections, replay } from '@shiplog/projections';
import { generateHistory } from '@shiplog/projections/testing';
import { createSqliteEventStore } from '@shiplog/store';
import type { BenchContext, Figure } from './benchTypes.ts';

const run$ = promisify(execFile);
const DAY = 86_400_000;

async function replayChild(ledger: string, path: string): Promise<void> {
  const store = await createSqliteEventStore(ledger, { create: false });
  const started = performance.now();
  const result = await replay({ store, path });
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  // maxRSS is the process's peak resident set, in KiB.
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify({ applied: result.applied, seconds, peakMb }));
}

function percentiles(samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
}

async function time(
  rounds: number,
  call: (i: number) => Promise<unknown>,
): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 10; i++) await call(i); // warm the statement cache and the page cache
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await call(i);
    samples.push(performance.now() - started);
  }
  return percentiles(samples);
}

export async function run(ctx: BenchContext): Promise<Figure[]> {
  const events = ctx.quick ? 50_000 : 1_000_000;
  const ledger = join(ctx.dir, `projections-ledger-${events}.db`);
  const store = await createSqliteEventStore(ledger, { synchronous: 'normal' });
  const started = performance.now();
  const history = await generateHistory({
    store,
    events,
    onProgress: (n) => ctx.log(`generated ${n} events`),
  });
  ctx.log(
    `generated ${history.events} events (${history.chains} chains) in ${Math.round(performance.now() - started)} ms`,
  );
  await store.close();

  const path = join(ctx.dir, 'projections.db');
  const child = await run$(process.execPath, [import.meta.filename, '--replay-child', ledger, path], {
    maxBuffer: 1 << 20,
  });
  const replayed = JSON.parse(child.stdout) as { applied: number; seconds: number; peakMb: number };
  if (replayed.applied !== history.events)
    throw new Error(`replay applied ${replayed.applied} of ${history.events}`);
  const throughput = replayed.applied / replayed.seconds;
  ctx.log(`replay: ${JSON.stringify(replayed)}`);

  const reader = await createSqliteEventStore(ledger, { create: false });
  const projections = await openProjections({ store: reader, path });
  const rounds = ctx.quick ? 200 : 1000;
  const span = history.lastMs - Date.parse('2024-01-01T00:00:00Z');
  const instant = (i: number): string =>
    new Date(Date.parse('2024-01-01T00:00:00Z') + (((i * 7919) % 1000) / 1000) * span).toISOString();
  const now = new Date(history.lastMs).toISOString();
  const service = (i: number): string => history.services[i % history.services.length] as string;
  const figures = {
    deployed: await time(rounds, (i) => projections.deployed({ env: 'production', at: instant(i) })),
    history: await time(rounds, (i) =>
      projections.history({
        env: 'production',
        service: service(i),
        since: new Date(history.lastMs - 30 * DAY).toISOString(),
      }),
    ),
    why: await time(rounds, (i) =>
      projections.why(history.sampleDigests[i % history.sampleDigests.length] as string),
    ),
    dora: await time(rounds, (i) =>
      projections.dora({ env: 'production', now, ...(i % 2 === 0 ? {} : { service: service(i) }) }),
    ),
    // What the web view's pages ask besides the above (the environments page: both, per environment).
    timeline: await time(rounds, (i) =>
      projections.timeline({ env: 'production', ...(i % 2 === 0 ? {} : { service: service(i) }) }),
    ),
    environments: await time(rounds, () => projections.environments()),
  };
  await projections.close();
  await reader.close();
  ctx.log(`queries (ms): ${JSON.stringify(figures)}`);

  const latency = (name: string, goalMs: number): Figure[] => {
    const f = figures[name.split(' ')[0] as keyof typeof figures];
    return [
      {
        name: `${name} p50 over ${events} events`,
        value: f.p50,
        unit: 'ms',
        goal: `p99 ≤ ${goalMs} ms`,
        met: f.p99 <= goalMs,
      },
      {
        name: `${name} p99 over ${events} events`,
        value: f.p99,
        unit: 'ms',
        goal: `≤ ${goalMs} ms`,
        met: f.p99 <= goalMs,
      },
    ];
  };
  return [
    {
      name: `projections replay over ${events} events`,
      value: throughput,
      unit: 'events/s',
      goal: '≥ 100000 events/s',
      met: throughput >= 100_000,
    },
    {
      name: `peak RSS replaying ${events} events`,
      value: replayed.peakMb,
      unit: 'MB',
      goal: '< 300 MB',
      met: replayed.peakMb < 300,
    },
    ...latency('deployed --at', 10),
    ...latency('history', 10),
    ...latency('why', 25),
    ...latency('dora', 10),
    ...latency('timeline', 10),
    ...latency('environments', 10),
  ];
}

if (process.argv[2] === '--replay-child') {
  await replayChild(process.argv[3] as string, process.argv[4] as string);
}
