import { startNatsServer } from '@shiplog/test/nats/natsServer.ts';
import type { NatsServer } from '@shiplog/test/nats/natsServer.ts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from '../bus.ts';
import type { BusLogger } from '../busLogger.ts';
import { BusError } from '../errors.ts';
import { BusErrorCode } from '../errors.ts';
import { natsAccountsConfig, natsPermissions } from '../natsPermissions.ts';
import type { BusRole } from '../natsPermissions.ts';
import type { TopologyOptions } from '../topology.ts';
import { createNatsBus } from './natsBus.ts';

const topology: TopologyOptions = { namespace: 'perm' };
const roles: BusRole[] = ['admin', 'ingest', 'emitter', 'worker'];
const password = (role: BusRole): string => `${role}-secret`;
const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const read = (value: Uint8Array): string => new TextDecoder().decode(value);

let server: NatsServer;
const buses: Bus[] = [];
beforeAll(async () => {
  const users = roles.map((role) => ({ user: role, password: password(role), role }));
  // A misconfigured worker: it may pull jobs but not acknowledge them.
  const worker = natsPermissions('worker', topology);
  const deaf = {
    user: 'deaf',
    password: 'deaf-secret',
    permissions: {
      ...worker,
      publish: { allow: worker.publish.allow.filter((s) => !s.startsWith('$JS.ACK')) },
    },
  };
  const config = natsAccountsConfig(users, { topology }).replace(
    '    users: [\n',
    `    users: [\n      ${JSON.stringify(deaf)}\n`,
  );
  server = await startNatsServer({ jetstream: true, config });
  const admin = await as('admin');
  await admin.ensureTopology();
});
afterEach(async () => {
  await Promise.allSettled(buses.splice(0).map((bus) => bus.close()));
});
afterAll(async () => {
  await server?.dispose();
});

async function as(role: BusRole): Promise<Bus> {
  const bus = await createNatsBus({ servers: server.url, user: role, password: password(role), topology });
  buses.push(bus);
  return bus;
}

const eventSubject = 'perm.events.dev.cdevents.build.finished.0.3.0';

describe('NATS permissions per role', () => {
  it('refuses a client without credentials or with a wrong password', async () => {
    await expect(createNatsBus({ servers: server.url, topology })).rejects.toMatchObject({
      code: BusErrorCode.PermissionDenied,
    });
    await expect(
      createNatsBus({ servers: server.url, user: 'emitter', password: 'guess', topology }),
    ).rejects.toMatchObject({ code: BusErrorCode.PermissionDenied });
  });

  it('lets an emitter record an event and get the answer an ingest replica publishes', async () => {
    const ingest = await as('ingest');
    await ingest.ensureTopology();
    const consumption = await ingest.consume('events', 'ingest', async (message) => {
      await ingest.answer(
        { msgId: message.msgId ?? '', headers: message.headers },
        text(`recorded:${read(message.data)}`),
      );
    });
    const emitter = await as('emitter');
    const result = await emitter.requestAnswer(eventSubject, text('b1'), {
      msgId: 'perm-b1',
      timeoutMs: 10_000,
    });
    expect(read(result.answer)).toBe('recorded:b1');
    await consumption.stop();
  });

  it('refuses events from a worker, and jobs and topology changes from an emitter', async () => {
    const worker = await as('worker');
    await expect(
      worker.publishEvent(eventSubject, text('forged'), { msgId: 'forged' }),
    ).rejects.toMatchObject({
      code: BusErrorCode.PermissionDenied,
    });
    const emitter = await as('emitter');
    await expect(emitter.enqueueJob('build', text('x'), { platform: 'linux-x64' })).rejects.toMatchObject({
      code: BusErrorCode.PermissionDenied,
    });
    await expect(emitter.ensureTopology()).rejects.toMatchObject({ code: BusErrorCode.PermissionDenied });
    await expect(emitter.reject(text('x'), 'spoofed')).rejects.toMatchObject({
      code: BusErrorCode.PermissionDenied,
    });
  });

  it('lets a worker take the jobs of its platform; ingest keeps and reads the rejected log', async () => {
    const ingest = await as('ingest');
    await ingest.enqueueJob('build', text('job-1'), { platform: 'linux-x64', msgId: 'job-1' });
    const worker = await as('worker');
    const done: string[] = [];
    const consumption = await worker.consumeJobs('build', { platform: 'linux-x64' }, (job) => {
      done.push(read(job.data));
    });
    const deadline = Date.now() + 10_000;
    while (done.length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await consumption.stop();
    expect(done).toEqual(['job-1']);

    await ingest.reject(text('{oops'), 'not JSON');
    expect((await ingest.readRejected()).map((entry) => entry.reason)).toEqual(['not JSON']);
    await expect(worker.readRejected()).rejects.toMatchObject({ code: BusErrorCode.PermissionDenied });
  });

  it('logs a refused ack and leaves the job queued for redelivery', async () => {
    const ingest = await as('ingest');
    await ingest.enqueueJob('sign', text('sig-1'), { msgId: 'sig-1' });
    const warnings: { fields: Record<string, unknown>; message: string }[] = [];
    const logger: BusLogger = {
      warn: (fields, message) => warnings.push({ fields, message }),
      child: () => logger,
    };
    const deaf = await createNatsBus({
      servers: server.url,
      user: 'deaf',
      password: 'deaf-secret',
      topology,
      logger,
    });
    buses.push(deaf);
    const consumption = await deaf.consumeJobs('sign', { ackWaitMs: 60_000 }, () => undefined);
    const deadline = Date.now() + 10_000;
    while (warnings.length === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    await consumption.stop();
    expect(warnings[0]?.message).toBe('bus ack failed');
    expect(warnings[0]?.fields['err']).toBeInstanceOf(BusError);
    expect((warnings[0]?.fields['err'] as BusError).code).toBe(BusErrorCode.PermissionDenied);
    expect(await ingest.queueDepth('sign')).toBe(1);
  });
});
