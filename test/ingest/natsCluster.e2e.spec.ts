import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Bus } from '@shiplog/bus';
import { createNatsBus } from '@shiplog/bus';
import type { RecordAnswer } from '@shiplog/sdk';
import { createEmitter } from '@shiplog/sdk';
import { createSqliteEventStore } from '@shiplog/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNatsCluster } from '@shiplog/test/nats/natsCluster.ts';
import type { NatsCluster } from '@shiplog/test/nats/natsCluster.ts';
import { pool } from '../support/pool.ts';
import { changeEvents, spawnServeIngest } from './ingestHarness.ts';

const replicas = 3;
const total = 3_000;
const killAfter = 1_000;

let cluster: NatsCluster;
let dir: string;
let admin: NatsConnection;
let jsm: JetStreamManager;
let bus: Bus;
let ingest: ChildProcess | undefined;
const namespace = `c${randomUUID().slice(0, 8)}`;

async function eventually<T>(what: string, attempt: () => Promise<T>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`, { cause: err });
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

beforeAll(async () => {
  cluster = await startNatsCluster(3);
  dir = await mkdtemp(join(tmpdir(), 'shiplog-cluster-'));
  admin = await connect({ servers: cluster.servers.split(',') });
  jsm = await jetstreamManager(admin, { checkAPI: false });
  // Streams made single-copy first (as before SHIPLOG_NATS_REPLICAS): ensureTopology updates them.
  const single = await createNatsBus({ servers: cluster.servers, topology: { namespace } });
  // The cluster elects its JetStream metadata leader after the nodes meet.
  await eventually('the JetStream metadata leader', () => single.ensureTopology());
  await single.close();
  bus = await createNatsBus({ servers: cluster.servers, topology: { namespace, replicas } });
  await bus.ensureTopology();
  ingest = await spawnServeIngest({
    SHIPLOG_NATS_URL: cluster.servers,
    SHIPLOG_NATS_REPLICAS: String(replicas),
    SHIPLOG_STORE: `sqlite:${join(dir, 'ledger.db')}`,
    SHIPLOG_NAMESPACE: namespace,
    SHIPLOG_INGEST_ACK_WAIT_MS: '5000',
  });
});
afterAll(async () => {
  ingest?.kill('SIGKILL');
  await bus?.close();
  await admin?.close();
  await cluster?.dispose();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('a 3-node NATS cluster with SHIPLOG_NATS_REPLICAS=3', () => {
  it('updates every single-copy stream to three copies', async () => {
    for (const stream of Object.values(bus.topology.streams)) {
      const info = await jsm.streams.info(stream);
      expect(info.config.num_replicas).toBe(replicas);
      expect(info.cluster?.replicas ?? []).toHaveLength(replicas - 1);
    }
  });

  it('loses and doubles nothing when the events stream leader is killed mid-stream, and answers every emit', async () => {
    const emitter = await createEmitter({ natsUrl: cluster.servers, topology: { namespace, replicas } });
    // Meanwhile a release runner enqueues build jobs and a worker takes them, through the same kill.
    const worker = await createNatsBus({ servers: cluster.servers, topology: { namespace, replicas } });
    const taken = new Set<string>();
    const working = await worker.consumeJobs('build', { ackWaitMs: 3_000 }, (message) => {
      taken.add(new TextDecoder().decode(message.data));
    });
    let emitting = true;
    const enqueued: string[] = [];
    const enqueuing = (async () => {
      for (let n = 0; emitting; n++) {
        const job = `job-${n}`;
        await bus.enqueueJob('build', new TextEncoder().encode(job), { msgId: job });
        enqueued.push(job);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const events = changeEvents(total, namespace);
    const answeredAt: { answer: RecordAnswer; sentAt: number; at: number }[] = [];
    let killed: { node: string; at: number } | undefined;
    let killing = false;
    await pool(events, 32, async (event) => {
      const sentAt = Date.now();
      const answer = await emitter.emit({ text: JSON.stringify(event) });
      answeredAt.push({ answer, sentAt, at: Date.now() });
      if (!killing && answeredAt.length >= killAfter) {
        killing = true;
        const node = (await jsm.streams.info(bus.topology.streams.events)).cluster?.leader ?? '';
        await cluster.kill(node);
        killed = { node, at: Date.now() };
      }
    });
    emitting = false;
    await enqueuing;
    await emitter.close();
    if (killed === undefined) throw new Error('the leader was never killed');

    // Every job enqueued (each acknowledged once by its stream) was taken by the worker.
    await eventually('the worker to take every job', () =>
      enqueued.every((job) => taken.has(job))
        ? Promise.resolve()
        : Promise.reject(new Error(`${taken.size}/${enqueued.length} taken`)),
    );
    await working.stop();
    await worker.close();
    expect([...taken].sort()).toEqual([...enqueued].sort());

    // Every emit got its answer, and none was refused.
    expect(answeredAt).toHaveLength(total);
    const statuses = answeredAt.map(({ answer }) => answer.status);
    expect(statuses.filter((s) => s !== 'recorded' && s !== 'duplicate')).toEqual([]);

    // Ingest records into the ledger before it answers: the ledger holds each id exactly once.
    ingest?.kill('SIGTERM');
    await new Promise((resolve) => ingest?.once('exit', resolve));
    ingest = undefined;
    const store = await createSqliteEventStore(join(dir, 'ledger.db'));
    const ids: string[] = [];
    try {
      for await (const record of store.readAll()) ids.push(record.id);
    } finally {
      await store.close();
    }
    const expected = events.map((e) => (e as { context: { id: string } }).context.id);
    expect(ids).toHaveLength(expected.length);
    expect(new Set(ids)).toEqual(new Set(expected));

    // A new leader took over: an event sent after the kill was answered.
    const after = answeredAt.filter(({ sentAt }) => sentAt >= (killed?.at ?? 0));
    expect(after.length).toBeGreaterThan(0);
    const recoveredMs = Math.min(...after.map(({ at }) => at)) - killed.at;
    const times = answeredAt.map(({ at }) => at).sort((a, b) => a - b);
    const longestGapMs = Math.max(...times.slice(1).map((at, i) => at - (times[i] ?? at)));
    const leader = (await jsm.streams.info(bus.topology.streams.events)).cluster?.leader;
    expect(leader).not.toBe(killed.node);
    console.log(
      `cluster failover: ${total} events emitted, ${ids.length} recorded once each in the ledger ` +
        `(${statuses.filter((s) => s === 'recorded').length} answered recorded, ` +
        `${statuses.filter((s) => s === 'duplicate').length} duplicate); events stream leader ${killed.node} ` +
        `killed after ${killAfter} answers, ${leader ?? '?'} took over; first answer to an event sent ` +
        `after the kill came ${(recoveredMs / 1000).toFixed(1)} s after it; the longest pause between ` +
        `two answers was ${(longestGapMs / 1000).toFixed(1)} s; ${enqueued.length} jobs enqueued meanwhile, ` +
        `all taken by the worker`,
    );
  });
});
