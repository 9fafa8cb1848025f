import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Bus, Consumption } from '@shiplog/bus';
import { createNatsBus } from '@shiplog/bus';
import { startIngest } from '@shiplog/ingest';
import type { EventStore, RecordedEvent } from '@shiplog/store';
import { createSqliteEventStore } from '@shiplog/store';
import { pino } from 'pino';
import { startNatsServer } from '@shiplog/test/nats/natsServer.ts';
import type { NatsServer } from '@shiplog/test/nats/natsServer.ts';

const cli = resolve(import.meta.dirname, '../../services/cli/bin/shiplog.js');

/** A real nats-server, a fresh SQLite ledger and a unique namespace, torn down by `dispose`. */
export interface IngestWorld {
  readonly nats: NatsServer;
  readonly namespace: string;
  readonly storePath: string;
  /** A bus for the test itself (emitting, reading the rejected log). */
  readonly bus: Bus;
  /** Starts ingest inside the test process. */
  startInProcess(): Promise<Consumption>;
  /** Starts `shiplog serve ingest` as a child process; resolves once its consumer runs. */
  spawnIngest(extraEnv?: Record<string, string>): Promise<ChildProcess>;
  /** Every record in the ledger, in global order (opened read-side, then closed). */
  records(): Promise<RecordedEvent[]>;
  openStore(): Promise<EventStore>;
  dispose(): Promise<void>;
}

export async function createIngestWorld(): Promise<IngestWorld> {
  const nats = await startNatsServer({ jetstream: true });
  const dir = await mkdtemp(join(tmpdir(), 'shiplog-ingest-'));
  const storePath = join(dir, 'ledger.db');
  const namespace = `t${randomUUID().slice(0, 8)}`;
  const bus = await createNatsBus({ servers: nats.url, topology: { namespace } });
  await bus.ensureTopology();
  const children = new Set<ChildProcess>();
  const cleanups: (() => Promise<void>)[] = [];
  const logger = pino({ level: 'silent' });

  return {
    nats,
    namespace,
    storePath,
    bus,
    async startInProcess() {
      const store = await createSqliteEventStore(storePath);
      const ingestBus = await createNatsBus({ servers: nats.url, topology: { namespace } });
      const consumption = await startIngest({ bus: ingestBus, store, logger, ackWaitMs: 5_000 });
      cleanups.push(async () => {
        await consumption.stop();
        await ingestBus.close();
        await store.close();
      });
      return consumption;
    },
    async spawnIngest(extraEnv = {}) {
      const child = await spawnServeIngest({
        SHIPLOG_NATS_URL: nats.url,
        SHIPLOG_STORE: `sqlite:${storePath}`,
        SHIPLOG_NAMESPACE: namespace,
        SHIPLOG_INGEST_ACK_WAIT_MS: '3000',
        ...extraEnv,
      });
      children.add(child);
      child.once('exit', () => children.delete(child));
      return child;
    },
    async openStore() {
      return createSqliteEventStore(storePath);
    },
    async records() {
      const store = await createSqliteEventStore(storePath);
      try {
        const all: RecordedEvent[] = [];
        for await (const r of store.readAll()) all.push(r);
        return all;
      } finally {
        await store.close();
      }
    },
    async dispose() {
      for (const child of children) child.kill('SIGKILL');
      for (const cleanup of cleanups.reverse()) await cleanup();
      await bus.close();
      await nats.dispose();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Starts `shiplog serve ingest` with `env` over this process's; resolves once its consumer runs. */
export async function spawnServeIngest(env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [cli, 'serve', 'ingest'], {
    env: { ...process.env, SHIPLOG_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await new Promise<void>((ready, fail) => {
    let seen = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes('ingest started')) ready();
    });
    child.once('exit', (code) => fail(new Error(`ingest exited with ${code}: ${seen}`)));
  });
  return child;
}

/** `count` valid, distinct CDEvents (changes opened, one per id), cheap to judge. */
export function changeEvents(count: number, prefix = 'change'): object[] {
  return Array.from({ length: count }, (_, i) => ({
    context: {
      specversion: '0.5.1',
      id: `${prefix}-${i}`,
      source: '/ci/e2e',
      type: 'dev.cdevents.change.created.0.4.0',
      timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i % 60)).toISOString(),
    },
    subject: { id: `${prefix}-PR-${i}`, content: { repository: { id: 'acme/shop' } } },
  }));
}
