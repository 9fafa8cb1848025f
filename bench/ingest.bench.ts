// Ingest over a real nats-server: pipelined emit-to-recorded throughput against a raw JetStream
// publish-and-consume baseline with no work, measured in the same run, and the latency of a single
// emit waiting for the ledger's answer. Throughput on a shared machine swings by a quarter from one
// second to the next, so baseline and pipeline take turns over several rounds and the medians count.
import { join } from 'node:path';
import { createNatsBus } from '@shiplog/bus';
import { startIngest } from '@shiplog/ingest';
import { createEmitter } from '@shiplog/sdk';
import type { Emitter } from '@shiplog/sdk';
import { createSqliteEventStore } from '@shiplog/store';
import { startNatsServer } from '@shiplog/test/nats/natsServer.ts';
import { jetstream, jetstreamManager, AckPolicy } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { pino } from 'pino';
import type { BenchContext, Figure } from './benchTypes.ts';
import { pool } from '@shiplog/test/pool.ts';
import { percentile } from './benchUtil.ts';

function changeEvent(prefix: string, i: number): string {
  return JSON.stringify({
    context: {
      specversion: '0.5.1',
      id: `${prefix}-${i}`,
      source: '/bench/ci',
      type: 'dev.cdevents.change.created.0.4.0',
      timestamp: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    },
    subject: { id: `${prefix}-PR-${i}`, content: { repository: { id: 'acme/shop' } } },
  });
}

// Messages in flight, each side with the window that serves it best. The baseline has no latency
// to hide and is no faster with more than 256 (a little slower at 1,024); the pipeline's events wait
// for a group commit, so it needs 1,024 (`shiplog emit --concurrency 1024`) to keep busy.
const BASELINE_WINDOW = 256;
const PIPELINE_WINDOW = 1_024;

async function rawJetStream(url: string, round: number, count: number): Promise<number> {
  const nc = await connect({ servers: url });
  const jsm = await jetstreamManager(nc);
  const name = `raw${round}`;
  await jsm.streams.add({ name, subjects: [`${name}.>`], duplicate_window: 600_000_000_000 });
  await jsm.consumers.add(name, {
    durable_name: name,
    ack_policy: AckPolicy.Explicit,
    max_ack_pending: 1_000,
  });
  const js = jetstream(nc);
  const consumer = await js.consumers.get(name, name);
  const payloads = Array.from({ length: count }, (_, i) => changeEvent(name, i));
  const started = performance.now();
  const consumed = (async () => {
    let seen = 0;
    const messages = await consumer.consume();
    for await (const m of messages) {
      m.ack();
      if (++seen === count) break;
    }
  })();
  await pool(payloads, BASELINE_WINDOW, (payload, i) =>
    js.publish(`${name}.events`, payload, { msgID: `${name}-${i}` }),
  );
  await consumed;
  const seconds = (performance.now() - started) / 1000;
  await nc.close();
  return count / seconds;
}

async function pipelined(emitter: Emitter, round: number, count: number): Promise<number> {
  const events = Array.from({ length: count }, (_, i) => changeEvent(`bench${round}`, i));
  const started = performance.now();
  const answers = await pool(events, PIPELINE_WINDOW, (text) => emitter.emit({ text }));
  const throughput = count / ((performance.now() - started) / 1000);
  if (answers.some((a) => a.status !== 'recorded')) throw new Error('bench: an event was not recorded');
  return throughput;
}

const median = (samples: readonly number[]): number => percentile(samples, 0.5);

export async function run(ctx: BenchContext): Promise<Figure[]> {
  const count = ctx.quick ? 2_000 : 20_000;
  const rounds = ctx.quick ? 1 : 5;
  const samples = ctx.quick ? 200 : 1_000;
  const nats = await startNatsServer({ jetstream: true });
  // As `shiplog serve ingest` opens it: commits on the writer thread.
  const store = await createSqliteEventStore(join(ctx.dir, 'ingest-ledger.db'), { writer: 'thread' });
  const bus = await createNatsBus({ servers: nats.url, topology: { namespace: 'bench' } });
  const ingestBus = await createNatsBus({ servers: nats.url, topology: { namespace: 'bench' } });
  try {
    const consumption = await startIngest({ bus: ingestBus, store, logger: pino({ level: 'silent' }) });
    const emitter = await createEmitter({ bus });
    const baselines: number[] = [];
    const throughputs: number[] = [];
    for (let round = 1; round <= rounds; round += 1) {
      baselines.push(await rawJetStream(nats.url, round, count));
      throughputs.push(await pipelined(emitter, round, count));
      const [raw, piped] = [baselines.at(-1) as number, throughputs.at(-1) as number];
      ctx.log(
        `round ${round}/${rounds}: ${count} messages raw JetStream ${Math.round(raw)}/s, ` +
          `${count} events through ingest ${Math.round(piped)}/s (${(piped / raw).toFixed(2)})`,
      );
    }
    const baseline = median(baselines);
    const throughput = median(throughputs);
    ctx.log(`${samples} single emits, one at a time`);
    const latencies: number[] = [];
    for (let i = 0; i < samples; i += 1) {
      const text = changeEvent('latency', i);
      const t = performance.now();
      await emitter.emit({ text });
      latencies.push(performance.now() - t);
    }
    await consumption.stop();
    const ratio = throughput / baseline;
    const p99 = percentile(latencies, 0.99);
    return [
      {
        name: 'ingest: pipelined emit-to-recorded',
        value: throughput,
        unit: 'events/s',
        baseline,
        ratio,
        goal: 'ratio ≥ 0.6 of raw JetStream',
        met: ratio >= 0.6,
      },
      {
        name: 'ingest: single emit latency p50',
        value: percentile(latencies, 0.5),
        unit: 'ms',
        goal: 'reported',
        met: true,
      },
      {
        name: 'ingest: single emit latency p99',
        value: p99,
        unit: 'ms',
        goal: 'p99 ≤ 10 ms',
        met: p99 <= 10,
      },
    ];
  } finally {
    await bus.close();
    await ingestBus.close();
    await store.close();
    await nats.dispose();
  }
}
