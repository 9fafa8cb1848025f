import { expect, it } from 'vitest';
import type { DeliveredMessage } from '../../bus.ts';
import { BusErrorCode } from '../../errors.ts';
import type { ContractContext } from './contractContext.ts';
import { read, text, waitFor } from './contractContext.ts';

export function publishCases(context: ContractContext): void {
  it('stores an event and passes ce-* headers through to the consumer', async () => {
    const { bus } = await context.open();
    const subject = `${bus.topology.subjects.events}.dev.cdevents.service.deployed.0.3.0`;
    const ack = await bus.publishEvent(subject, text('{"a":1}'), {
      msgId: 'evt-1',
      headers: {
        'ce-id': 'evt-1',
        'ce-type': 'dev.cdevents.service.deployed.0.3.0',
        'ce-specversion': '1.0',
      },
    });
    expect(ack).toEqual({ stream: bus.topology.streams.events, seq: 1, duplicate: false });

    const received: DeliveredMessage[] = [];
    const consumption = await bus.consume('events', 'reader', (message) => {
      received.push(message);
    });
    const [message] = await waitFor('the event', () => (received.length > 0 ? received : undefined));
    await consumption.stop();
    expect(message?.subject).toBe(subject);
    expect(read(message?.data ?? new Uint8Array())).toBe('{"a":1}');
    expect(message?.msgId).toBe('evt-1');
    expect(message?.headers).toMatchObject({ 'ce-id': 'evt-1', 'ce-specversion': '1.0' });
    expect(message?.deliveryCount).toBe(1);
  });

  it('drops a repeated msgId within the duplicate window and says so', async () => {
    const { bus } = await context.open();
    const subject = `${bus.topology.subjects.events}.x`;
    const first = await bus.publishEvent(subject, text('one'), { msgId: 'same' });
    const again = await bus.publishEvent(subject, text('one'), { msgId: 'same' });
    const other = await bus.publishEvent(subject, text('two'), { msgId: 'other' });
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ stream: first.stream, seq: first.seq, duplicate: true });
    expect(other).toMatchObject({ seq: first.seq + 1, duplicate: false });

    const received: string[] = [];
    const consumption = await bus.consume('events', 'reader', (message) => {
      received.push(read(message.data));
    });
    await waitFor('both events', () => (received.length >= 2 ? true : undefined));
    await consumption.stop();
    expect(received).toEqual(['one', 'two']);
  });

  it('refuses a subject outside the events subjects and an empty msgId', async () => {
    const { bus } = await context.open();
    await expect(bus.publishEvent('elsewhere.x', text('x'))).rejects.toMatchObject({
      code: BusErrorCode.InvalidArgument,
    });
    await expect(
      bus.publishEvent(`${bus.topology.subjects.events}.x`, text('x'), { msgId: '' }),
    ).rejects.toMatchObject({ code: BusErrorCode.InvalidArgument });
  });

  it('refuses to publish before the topology exists', async () => {
    const { connect } = await context.open();
    const stranger = await connect({ namespace: `absent${Math.random().toString(36).slice(2, 8)}` });
    await expect(
      stranger.publishEvent(`${stranger.topology.subjects.events}.x`, text('x'), { msgId: 'a' }),
    ).rejects.toMatchObject({ code: BusErrorCode.NoStream });
  });

  it('refuses every call once closed', async () => {
    const { connect } = await context.open();
    const client = await connect();
    await client.close();
    await expect(
      client.publishEvent(`${client.topology.subjects.events}.x`, text('x')),
    ).rejects.toMatchObject({ code: BusErrorCode.Closed });
    await expect(client.readRejected()).rejects.toMatchObject({ code: BusErrorCode.Closed });
  });

  it('creates and updates the topology idempotently', async () => {
    const { bus, connect } = await context.open({ rejectedMaxMsgs: 5 });
    await bus.ensureTopology();
    await bus.ensureTopology();
    for (const n of [1, 2, 3, 4]) await bus.reject(text(`r${n}`), 'bad');
    expect((await bus.readRejected()).map((entry) => read(entry.data))).toEqual(['r1', 'r2', 'r3', 'r4']);

    const tighter = await connect({ rejectedMaxMsgs: 2 });
    await tighter.ensureTopology();
    await tighter.reject(text('r5'), 'bad');
    expect((await bus.readRejected()).map((entry) => read(entry.data))).toEqual(['r4', 'r5']);
  });
}
