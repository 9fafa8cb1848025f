import { expect, it } from 'vitest';
import type { DeliveredMessage } from '../../bus.ts';
import type { ContractContext } from './contractContext.ts';
import { gate, read, text, waitFor } from './contractContext.ts';

export function consumeCases(context: ContractContext): void {
  it('delivers the events of each subject in publish order', async () => {
    const { bus } = await context.open();
    const root = bus.topology.subjects.events;
    for (let n = 0; n < 20; n++) {
      await bus.publishEvent(`${root}.${n % 2 === 0 ? 'even' : 'odd'}`, text(String(n)), { msgId: `m${n}` });
    }
    const bySubject = new Map<string, number[]>();
    let count = 0;
    const consumption = await bus.consume('events', 'ordered', (message) => {
      const list = bySubject.get(message.subject) ?? [];
      list.push(Number(read(message.data)));
      bySubject.set(message.subject, list);
      count++;
    });
    await waitFor('20 events', () => (count >= 20 ? true : undefined));
    await consumption.stop();
    expect(bySubject.get(`${root}.even`)).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
    expect(bySubject.get(`${root}.odd`)).toEqual([1, 3, 5, 7, 9, 11, 13, 15, 17, 19]);
  });

  it('handles up to `concurrency` deliveries at once, and one at a time by default', async () => {
    const { bus } = await context.open();
    const root = bus.topology.subjects.events;
    for (let n = 0; n < 12; n++) await bus.publishEvent(`${root}.c`, text(String(n)), { msgId: `c${n}` });
    const peakWith = async (durable: string, concurrency?: number): Promise<number> => {
      let active = 0;
      let peak = 0;
      let done = 0;
      const consumption = await bus.consume(
        'events',
        durable,
        async () => {
          peak = Math.max(peak, ++active);
          await new Promise((resolve) => setTimeout(resolve, 50));
          active -= 1;
          done += 1;
        },
        concurrency === undefined ? {} : { concurrency },
      );
      await waitFor('12 handled', () => (done >= 12 ? true : undefined));
      await consumption.stop();
      return peak;
    };
    expect(await peakWith('serial')).toBe(1);
    const peak = await peakWith('parallel', 4);
    expect(peak).toBeGreaterThan(1);
    expect(peak).toBeLessThanOrEqual(4);
  });

  it('acks only after the handler resolves: a replica that dies mid-handler loses nothing', async () => {
    const { bus, connect } = await context.open();
    const crashing = await connect();
    const started = gate();
    await crashing.consume(
      'events',
      'ingest',
      async () => {
        started.open();
        await new Promise<never>(() => undefined);
      },
      { ackWaitMs: 1_000 },
    );
    await bus.publishEvent(`${bus.topology.subjects.events}.x`, text('fact'), { msgId: 'fact-1' });
    await started.promise;
    await crashing.close();

    const survivor = await connect();
    const redelivered: { body: string; count: number }[] = [];
    const consumption = await survivor.consume(
      'events',
      'ingest',
      (message) => {
        redelivered.push({ body: read(message.data), count: message.deliveryCount });
      },
      { ackWaitMs: 1_000 },
    );
    await waitFor('the redelivery', () => (redelivered.length > 0 ? true : undefined));
    await consumption.stop();
    expect(redelivered[0]).toEqual({ body: 'fact', count: 2 });
  });

  it('redelivers after the handler throws and after an explicit nak', async () => {
    const { bus } = await context.open();
    const root = bus.topology.subjects.events;
    await bus.publishEvent(`${root}.throws`, text('a'), { msgId: 'a' });
    await bus.publishEvent(`${root}.naks`, text('b'), { msgId: 'b' });
    const seen: string[] = [];
    const consumption = await bus.consume(
      'events',
      'retrying',
      (message) => {
        seen.push(`${read(message.data)}${message.deliveryCount}`);
        if (message.deliveryCount > 1) return;
        if (message.subject.endsWith('throws')) throw new Error('transient failure');
        message.nak(10);
      },
      { retryDelayMs: 10 },
    );
    await waitFor('both redeliveries', () => (seen.includes('a2') && seen.includes('b2') ? true : undefined));
    await consumption.stop();
    expect(seen.filter((entry) => entry.startsWith('a'))).toEqual(['a1', 'a2']);
    expect(seen.filter((entry) => entry.startsWith('b'))).toEqual(['b1', 'b2']);
  });

  it('stops redelivering after maxDeliver attempts', async () => {
    const { bus } = await context.open();
    const root = bus.topology.subjects.events;
    await bus.publishEvent(`${root}.poison`, text('poison'), { msgId: 'p' });
    await bus.publishEvent(`${root}.fine`, text('fine'), { msgId: 'f' });
    const attempts: string[] = [];
    const consumption = await bus.consume(
      'events',
      'bounded',
      (message) => {
        attempts.push(`${read(message.data)}${message.deliveryCount}`);
        if (read(message.data) === 'poison') throw new Error('always fails');
      },
      { maxDeliver: 3, retryDelayMs: 10 },
    );
    await waitFor('three attempts', () => (attempts.includes('poison3') ? true : undefined));
    // Two later round trips leave a fourth attempt (due 10 ms after the third) every chance to show up.
    for (const later of ['after', 'later']) {
      await bus.publishEvent(`${root}.fine`, text(later), { msgId: later });
      await waitFor(later, () => (attempts.includes(`${later}1`) ? true : undefined));
    }
    await consumption.stop();
    expect(attempts.filter((entry) => entry.startsWith('poison'))).toEqual(['poison1', 'poison2', 'poison3']);
  });

  it('shares one durable between competing replicas, each event handled once', async () => {
    const { bus, connect } = await context.open();
    const replicas = [await connect(), await connect()];
    const handled = new Map<string, number[]>();
    let total = 0;
    const consumptions = await Promise.all(
      replicas.map((replica, index) =>
        replica.consume(
          'events',
          'shared',
          async (message) => {
            await new Promise((resolve) => setTimeout(resolve, 5));
            const body = read(message.data);
            handled.set(body, [...(handled.get(body) ?? []), index]);
            total++;
          },
          { maxAckPending: 2 },
        ),
      ),
    );
    for (let n = 0; n < 30; n++) {
      await bus.publishEvent(`${bus.topology.subjects.events}.x`, text(`e${n}`), { msgId: `e${n}` });
    }
    await waitFor('30 events handled', () => (total >= 30 ? true : undefined));
    await Promise.all(consumptions.map((consumption) => consumption.stop()));
    expect([...handled.keys()].sort()).toEqual(Array.from({ length: 30 }, (_, n) => `e${n}`).sort());
    expect([...handled.values()].every((replicasOfOne) => replicasOfOne.length === 1)).toBe(true);
    const byReplica = [0, 1].map((index) => [...handled.values()].filter(([r]) => r === index).length);
    expect(byReplica.every((count) => count > 0)).toBe(true);
  });

  it('never holds back a message behind a slow handler until an idle replica gets it again', async () => {
    const { bus, connect } = await context.open();
    for (const id of ['s1', 's2', 's3']) {
      await bus.publishEvent(`${bus.topology.subjects.events}.slow`, text(id), { msgId: id });
    }
    const started: string[] = [];
    let finished = 0;
    const slowHandler = async (message: DeliveredMessage): Promise<void> => {
      started.push(`${read(message.data)}${message.deliveryCount}`);
      await new Promise((resolve) => setTimeout(resolve, 600));
      finished++;
    };
    // The first replica starts alone: a prefetching adapter would hand it all three at once.
    const first = await (await connect()).consume('events', 'slow', slowHandler, { ackWaitMs: 1_000 });
    await waitFor('the first delivery', () => (started.length > 0 ? true : undefined));
    const second = await (await connect()).consume('events', 'slow', slowHandler, { ackWaitMs: 1_000 });
    await waitFor('three slow events', () => (finished >= 3 ? true : undefined));
    await Promise.all([first.stop(), second.stop()]);
    expect([...started].sort()).toEqual(['s11', 's21', 's31']);
  });

  it('keeps a long handler that reports working() from being redelivered to an idle replica', async () => {
    const { bus, connect } = await context.open();
    const replicas = [await connect(), await connect()];
    const deliveries: number[] = [];
    let finished = 0;
    const consumptions = await Promise.all(
      replicas.map((replica) =>
        replica.consume(
          'events',
          'long',
          async (message) => {
            deliveries.push(message.deliveryCount);
            for (let beat = 0; beat < 6; beat++) {
              await new Promise((resolve) => setTimeout(resolve, 250));
              message.working();
            }
            finished++;
          },
          { ackWaitMs: 1_000 },
        ),
      ),
    );
    await bus.publishEvent(`${bus.topology.subjects.events}.long`, text('build'), { msgId: 'long-1' });
    await waitFor('the long handler to finish', () => (finished >= 1 ? true : undefined));
    await Promise.all(consumptions.map((consumption) => consumption.stop()));
    expect(deliveries).toEqual([1]);
  });
}
