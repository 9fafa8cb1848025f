import { DiscardPolicy, jetstreamManager, JetStreamApiError } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/transport-node';
import { startNatsServer } from '@shiplog/test/nats/natsServer.ts';
import type { NatsServer } from '@shiplog/test/nats/natsServer.ts';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BusErrorCode } from '../errors.ts';
import { createJetStreamPublisher } from './natsPublisher.ts';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

let server: NatsServer;
let nc: NatsConnection;
let name: string;
beforeAll(async () => {
  server = await startNatsServer({ jetstream: true });
});
afterAll(async () => {
  await server?.dispose();
});
beforeEach(async () => {
  nc = await connect({ servers: server.url });
  name = `pub${Math.random().toString(36).slice(2, 10)}`;
});
afterEach(async () => {
  await nc.close();
});

describe('the pipelined JetStream publisher', () => {
  it('matches each of many publishes in flight with its own acknowledgement', async () => {
    await (await jetstreamManager(nc)).streams.add({ name, subjects: [`${name}.>`] });
    const publisher = createJetStreamPublisher(nc, 5_000);
    const acks = await Promise.all(
      Array.from({ length: 1_000 }, (_, i) => publisher.publish(`${name}.e`, bytes(`${i}`), `id-${i}`)),
    );
    expect(new Set(acks.map((a) => a.seq)).size).toBe(1_000);
    expect(acks.every((a) => a.stream === name && !a.duplicate)).toBe(true);
    const jsm = await jetstreamManager(nc);
    for (const i of [0, 499, 999]) {
      const stored = await jsm.streams.getMessage(name, { seq: acks[i]?.seq ?? 0 });
      expect(new TextDecoder().decode(stored?.data)).toBe(`${i}`);
    }
    await expect(publisher.publish(`${name}.e`, bytes('again'), 'id-7')).resolves.toMatchObject({
      duplicate: true,
      seq: acks[7]?.seq,
    });
  });

  it('fails a publish the stream refuses with BUS_FAILED, keeping the JetStream error as cause', async () => {
    await (
      await jetstreamManager(nc)
    ).streams.add({
      name,
      subjects: [`${name}.>`],
      max_msgs: 1,
      discard: DiscardPolicy.New,
    });
    const publisher = createJetStreamPublisher(nc, 5_000);
    await publisher.publish(`${name}.e`, bytes('first'), undefined);
    const refused: unknown = await publisher
      .publish(`${name}.e`, bytes('second'), undefined)
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: BusErrorCode.Failed });
    expect((refused as Error).cause).toBeInstanceOf(JetStreamApiError);
  });

  it('fails with BUS_NO_STREAM where no stream takes the subject, and BUS_TIMEOUT where nothing answers', async () => {
    const publisher = createJetStreamPublisher(nc, 300);
    await expect(publisher.publish(`${name}.nowhere`, bytes('x'), undefined)).rejects.toMatchObject({
      code: BusErrorCode.NoStream,
    });
    // A plain subscriber takes the message but never acknowledges it, as a stuck server would.
    nc.subscribe(`${name}.silent`, { callback: () => undefined });
    await nc.flush();
    await expect(publisher.publish(`${name}.silent`, bytes('x'), undefined)).rejects.toMatchObject({
      code: BusErrorCode.Timeout,
    });
  });

  it('fails the publishes in flight with BUS_CLOSED when the connection closes', async () => {
    const publisher = createJetStreamPublisher(nc, 5_000);
    nc.subscribe(`${name}.silent`, { callback: () => undefined });
    const inFlight = publisher.publish(`${name}.silent`, bytes('x'), undefined);
    await nc.close();
    await expect(inFlight).rejects.toMatchObject({ code: BusErrorCode.Closed });
  });
});
