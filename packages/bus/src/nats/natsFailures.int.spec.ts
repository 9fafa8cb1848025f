import { jetstreamManager, RetentionPolicy } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { startNatsServer } from '@shiplog/test/nats/natsServer.ts';
import type { NatsServer } from '@shiplog/test/nats/natsServer.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BusErrorCode } from '../errors.ts';
import { createNatsBus } from './natsBus.ts';

let server: NatsServer;
beforeAll(async () => {
  server = await startNatsServer({ jetstream: true });
});
afterAll(async () => {
  await server?.dispose();
});

describe('NATS bus failure modes', () => {
  it('reports an unreachable server as BUS_UNAVAILABLE', async () => {
    const stopped = await startNatsServer();
    const url = stopped.url;
    await stopped.dispose();
    await expect(createNatsBus({ servers: url, connectTimeoutMs: 2_000 })).rejects.toMatchObject({
      code: BusErrorCode.Unavailable,
    });
    const withSecret = url.replace('nats://', 'nats://ingest:s3cret@');
    const error: unknown = await createNatsBus({ servers: withSecret }).catch((err: unknown) => err);
    expect(error).toMatchObject({ code: BusErrorCode.Unavailable });
    expect(String((error as Error).message)).not.toContain('s3cret');
  });

  it('refuses several kinds of credentials at once', async () => {
    await expect(
      createNatsBus({ servers: server.url, user: 'a', password: 'b', token: 'c' }),
    ).rejects.toMatchObject({ code: BusErrorCode.InvalidArgument });
  });

  it('reports a stream that cannot take its definition as BUS_TOPOLOGY_CONFLICT and changes nothing', async () => {
    // Someone created the build queue by hand with the wrong retention.
    const nc = await connect({ servers: server.url });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({
      name: 'clash-jobs-build',
      subjects: ['clash.jobs.build.*'],
      retention: RetentionPolicy.Limits,
    });
    const bus = await createNatsBus({ servers: server.url, topology: { namespace: 'clash' } });
    try {
      await expect(bus.ensureTopology()).rejects.toMatchObject({ code: BusErrorCode.TopologyConflict });
      expect((await jsm.streams.info('clash-jobs-build')).config.retention).toBe(RetentionPolicy.Limits);
    } finally {
      await bus.close();
      await nc.close();
    }
  });

  // The answers would time out after a minute, far beyond the test's own timeout.
  it('fails every emit still waiting for its answer with BUS_CLOSED when the bus closes', async () => {
    const bus = await createNatsBus({ servers: server.url, topology: { namespace: 'closing' } });
    await bus.ensureTopology();
    // Nobody consumes: the answers never come.
    const waiting = ['e1', 'e2', 'e3'].map((msgId) =>
      bus
        .requestAnswer(`${bus.eventPrefix}.x.y`, new TextEncoder().encode(msgId), {
          msgId,
          timeoutMs: 60_000,
        })
        .catch((err: unknown) => err),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    await bus.close();
    for (const outcome of await Promise.all(waiting)) {
      expect(outcome).toMatchObject({ code: BusErrorCode.Closed });
    }
  });
});
