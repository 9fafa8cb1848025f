import { expect, it } from 'vitest';
import type { Bus, Consumption } from '../../bus.ts';
import { BusErrorCode } from '../../errors.ts';
import type { ContractContext } from './contractContext.ts';
import { gate, read, text } from './contractContext.ts';

/** An ingest stand-in: answers each event with `recorded:<body>` and counts what it handled. */
async function answeringIngest(bus: Bus, handled: string[]): Promise<Consumption> {
  return await bus.consume(
    'events',
    'ingest',
    async (message) => {
      handled.push(read(message.data));
      await bus.answer(
        { msgId: message.msgId ?? '', subject: message.subject, headers: message.headers },
        text(`recorded:${read(message.data)}`),
      );
    },
    { ackWaitMs: 1_000 },
  );
}

export function answerCases(context: ContractContext): void {
  it('gives the emitter the answer recorded for its event, and the same answer on a retry', async () => {
    const { bus, connect } = await context.open();
    const handled: string[] = [];
    const ingest = await answeringIngest(bus, handled);
    const emitter = await connect();
    const subject = `${emitter.eventPrefix}.build.finished`;

    const first = await emitter.requestAnswer(subject, text('build-7'), {
      msgId: 'evt-7',
      timeoutMs: 20_000,
    });
    expect(first.ack.duplicate).toBe(false);
    expect(read(first.answer)).toBe('recorded:build-7');

    const retry = await emitter.requestAnswer(subject, text('build-7'), {
      msgId: 'evt-7',
      timeoutMs: 20_000,
    });
    expect(retry.ack).toEqual({ ...first.ack, duplicate: true });
    expect(read(retry.answer)).toBe('recorded:build-7');
    await ingest.stop();
    expect(handled).toEqual(['build-7']);
  });

  it('times out when nobody answers, and a retry after ingest recovers gets the answer', async () => {
    const { connect } = await context.open();
    const crashed = await connect();
    const received = gate();
    await crashed.consume(
      'events',
      'ingest',
      async () => {
        received.open();
        await new Promise<never>(() => undefined);
      },
      { ackWaitMs: 1_000 },
    );
    const emitter = await connect();
    const subject = `${emitter.eventPrefix}.service.deployed`;
    await expect(
      emitter.requestAnswer(subject, text('deploy-1'), { msgId: 'evt-d1', timeoutMs: 300 }),
    ).rejects.toMatchObject({ code: BusErrorCode.Timeout });
    await received.promise;
    await crashed.close();

    const handled: string[] = [];
    const recovered = await connect();
    const ingest = await answeringIngest(recovered, handled);
    const retry = await emitter.requestAnswer(subject, text('deploy-1'), {
      msgId: 'evt-d1',
      timeoutMs: 20_000,
    });
    expect(retry.ack.duplicate).toBe(true);
    expect(read(retry.answer)).toBe('recorded:deploy-1');
    await ingest.stop();
    expect(handled).toEqual(['deploy-1']);
  });

  it('answers each emitter its own events, and a retry from another emitter finds the stored answer', async () => {
    const { bus, connect } = await context.open();
    const handled: string[] = [];
    const ingest = await answeringIngest(bus, handled);
    const [one, two] = [await connect(), await connect()];
    const subject = `${one.eventPrefix}.change.created`;
    const sends = Array.from({ length: 20 }, (_, i) => {
      const emitter = i % 2 === 0 ? one : two;
      return emitter.requestAnswer(subject, text(`event-${i}`), { msgId: `evt-r${i}`, timeoutMs: 20_000 });
    });
    const answers = await Promise.all(sends);
    expect(answers.map((a) => read(a.answer))).toEqual(
      Array.from({ length: 20 }, (_, i) => `recorded:event-${i}`),
    );
    // A process that never sent evt-r0 retries it: the answer went along the first emitter's route.
    const third = await connect();
    const retry = await third.requestAnswer(subject, text('event-0'), { msgId: 'evt-r0', timeoutMs: 20_000 });
    expect(retry.ack.duplicate).toBe(true);
    expect(read(retry.answer)).toBe('recorded:event-0');
    await ingest.stop();
    expect(handled).toHaveLength(20);
  });
}

export function answerSenderCases(context: ContractContext): void {
  it('refuses at once to wait for an answer to an event published under another sender', async () => {
    const { connect } = await context.open();
    const emitter = await connect();
    for (const subject of [
      `${emitter.topology.subjects.events}.someone-else.build.finished`,
      `${emitter.topology.subjects.events}.build.finished`,
      `${emitter.eventPrefix}.finished`,
    ]) {
      await expect(
        emitter.requestAnswer(subject, text('x'), { msgId: 'evt-other', timeoutMs: 60_000 }),
      ).rejects.toMatchObject({ code: BusErrorCode.InvalidArgument });
    }
  });

  it('refuses to answer an event whose subject names no sender', async () => {
    const { bus } = await context.open();
    await expect(
      bus.answer({ msgId: 'evt-1', subject: `${bus.topology.subjects.events}.build.finished` }, text('x')),
    ).rejects.toMatchObject({ code: BusErrorCode.InvalidArgument });
  });
}
