import { startNatsServer } from '@shiplog/test/nats/natsServer.ts';
import type { NatsServer } from '@shiplog/test/nats/natsServer.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from '../bus.ts';
import { BusError, BusErrorCode } from '../errors.ts';
import { createNatsBus } from './natsBus.ts';

let server: NatsServer;
const buses: Bus[] = [];
beforeAll(async () => {
  server = await startNatsServer({ jetstream: true });
});
afterAll(async () => {
  await Promise.allSettled(buses.map((bus) => bus.close()));
  await server?.dispose();
});

const text = (value: string): Uint8Array => new TextEncoder().encode(value);

async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let failedPublishes = 0;

/** What an emitter does: retry with the same msgId until the stream confirms. */
async function publishUntilStored(bus: Bus, subject: string, id: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await bus.publishEvent(subject, text(id), { msgId: id });
      return;
    } catch (err) {
      if (!(err instanceof BusError) || Date.now() > deadline) throw err;
      failedPublishes++;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

describe('NATS bus across a server restart', () => {
  it('resumes consuming after nats-server restarts on the same store: nothing lost, nothing doubled', async () => {
    const bus = await createNatsBus({
      servers: server.url,
      requestTimeoutMs: 1_000,
      topology: { namespace: 'restart' },
    });
    buses.push(bus);
    await bus.ensureTopology();
    const subject = `${bus.topology.subjects.events}.x`;
    const handled: string[] = [];
    const consumption = await bus.consume('events', 'ingest', (message) => {
      handled.push(new TextDecoder().decode(message.data));
    });

    for (let n = 0; n < 10; n++) await publishUntilStored(bus, subject, `e${n}`);
    await until('the first ten events', () => handled.length >= 10);

    await server.stop();
    const whileDown: unknown = await bus.publishEvent(subject, text('e10'), { msgId: 'e10' }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(whileDown).toBeInstanceOf(BusError);
    expect([BusErrorCode.Timeout, BusErrorCode.Unavailable]).toContain((whileDown as BusError).code);

    await server.restart();
    for (let n = 10; n < 20; n++) await publishUntilStored(bus, subject, `e${n}`);
    await until('all twenty events', () => new Set(handled).size >= 20);
    await consumption.stop();

    const expected = Array.from({ length: 20 }, (_, n) => `e${n}`);
    expect([...handled].sort()).toEqual([...expected].sort());
  });

  it('stores each event once when an emitter keeps retrying across a restart during a busy stream', async () => {
    const bus = await createNatsBus({
      servers: server.url,
      requestTimeoutMs: 1_000,
      topology: { namespace: 'busy' },
    });
    buses.push(bus);
    await bus.ensureTopology();
    const subject = `${bus.topology.subjects.events}.x`;
    const deliveries: { id: string; seq: number; count: number }[] = [];
    const consumption = await bus.consume(
      'events',
      'ingest',
      async (message) => {
        deliveries.push({
          id: new TextDecoder().decode(message.data),
          seq: message.seq,
          count: message.deliveryCount,
        });
        await new Promise((resolve) => setTimeout(resolve, 5));
      },
      { ackWaitMs: 2_000 },
    );
    const ids = Array.from({ length: 60 }, (_, n) => `b${n}`);
    let published = 0;
    const emitting = (async () => {
      for (const id of ids) {
        await publishUntilStored(bus, subject, id);
        published++;
        // A steady emitter, so the server goes down between two of its events.
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    await until('the stream to be busy', () => published >= 20 && deliveries.length >= 10);
    await server.stop();
    const failedBefore = failedPublishes;
    await until('the emitter to see a failure', () => failedPublishes > failedBefore);
    await server.restart();
    await emitting;
    await until('every event', () => new Set(deliveries.map((delivery) => delivery.id)).size >= ids.length);
    await consumption.stop();

    expect(new Set(deliveries.map((delivery) => delivery.id))).toEqual(new Set(ids));
    // A delivery in flight when the server went down may come again (at least once), but every
    // delivery of one event names the same stream position: the retried publishes were deduplicated.
    for (const id of ids) {
      const positions = new Set(
        deliveries.filter((delivery) => delivery.id === id).map((delivery) => delivery.seq),
      );
      expect(positions.size, id).toBe(1);
    }
    const firstDeliveries = deliveries
      .filter((delivery) => delivery.count === 1)
      .map((delivery) => delivery.id);
    expect(firstDeliveries.length).toBe(new Set(firstDeliveries).size);
  });
});
