import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { StoreErrorCode, createEsdbEventStore, verifyChain } from '@shiplog/store';
import type { EventStore, NewEvent, RecordedEvent } from '@shiplog/store';

const run = promisify(execFile);

/** Where the scenarios run: an EventStoreDB to connect to, and how to let go of it. */
export interface EsdbTarget {
  readonly url: string;
  stop(): Promise<void>;
}

function event(producer = 'test'): NewEvent {
  const id = randomUUID();
  return {
    id,
    type: 'dev.cdevents.test.happened.0.1.0',
    data: JSON.stringify({ context: { id } }),
    producer,
  };
}

async function collect(records: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for await (const record of records) all.push(record);
  return all;
}

/**
 * The several-writers claims of the EventStoreDB adapter, against any EventStoreDB: concurrent
 * writers (instances and processes) keep one verifiable chain, a replayed or raced event is
 * recorded once, a restart continues the chain. Each test gets its own ledger (a fresh namespace),
 * so counts are exact even on a shared real server.
 */
export function describeMultiWriterScenarios(name: string, connect: () => Promise<EsdbTarget>): void {
  describe(`esdb adapter with several writers: ${name}`, () => {
    let target: EsdbTarget | undefined;
    let namespace = '';
    const opened: EventStore[] = [];
    const url = (): string => {
      if (target === undefined) throw new Error('no EventStoreDB to test against');
      return target.url;
    };
    const open = async (): Promise<EventStore> => {
      const store = await createEsdbEventStore(url(), { namespace });
      opened.push(store);
      return store;
    };

    beforeAll(async () => {
      target = await connect();
    });
    afterAll(async () => {
      await target?.stop();
    });
    beforeEach(() => {
      namespace = `writers_${randomUUID().replaceAll('-', '')}`;
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    it('two writers appending concurrently keep one verifiable chain', async () => {
      const [a, b] = [await open(), await open()];
      const shared = `release-${randomUUID()}`;
      const appends = Array.from({ length: 20 }, (_, i) => {
        const writer = i % 2 === 0 ? a : b;
        const stream = i % 4 < 2 ? shared : `artifact-${randomUUID()}`;
        return writer.appendToStream(stream, [event(), event()]);
      });
      const results = await Promise.all(appends);
      const verdict = await verifyChain(a);
      expect(verdict.firstBreak).toBeUndefined();
      expect(verdict.count).toBe(40);
      // Each writer reads what the other wrote, in one shared revision order.
      const fromA = await collect(a.readStream(shared));
      const fromB = await collect(b.readStream(shared));
      expect(fromA.map((r) => r.revision)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      expect(fromB).toEqual(fromA);
      const positions = results.flatMap((result) => result.records.map((r) => r.position));
      expect(new Set(positions).size).toBe(40);
    });

    it('two writer processes appending at once keep one verifiable chain', async () => {
      const script = fileURLToPath(new URL('./esdbWriterProcess.ts', import.meta.url));
      const shared = `deployment-${randomUUID()}`;
      const outputs = await Promise.all(
        ['w1', 'w2'].map((writer) => run(process.execPath, [script, url(), namespace, writer, shared, '15'])),
      );
      const written = outputs.flatMap(({ stdout }) => (JSON.parse(stdout) as { ids: string[] }).ids);
      expect(written).toHaveLength(30);
      const store = await open();
      const verdict = await verifyChain(store);
      expect(verdict.firstBreak).toBeUndefined();
      const all = await collect(store.readAll());
      expect(new Set(all.map((r) => r.id))).toEqual(new Set(written));
      const sharedRecords = await collect(store.readStream(shared));
      expect(sharedRecords.map((r) => r.revision)).toEqual(Array.from({ length: 16 }, (_, i) => i));
      expect(new Set(sharedRecords.map((r) => r.producer))).toEqual(new Set(['w1', 'w2']));
    });

    it('the same event sent to two writers at once is recorded once, and both answer with that record', async () => {
      const [a, b] = [await open(), await open()];
      for (let round = 0; round < 5; round++) {
        const stream = `change-${randomUUID()}`;
        const sent = event();
        const [fromA, fromB] = await Promise.all([
          a.appendToStream(stream, [{ ...sent, producer: 'replica-a' }]),
          b.appendToStream(stream, [{ ...sent, producer: 'replica-b' }]),
        ]);
        expect([fromA.duplicate, fromB.duplicate].sort()).toEqual([false, true]);
        expect(fromA.records).toEqual(fromB.records);
        expect(await collect(a.readStream(stream))).toEqual(fromA.records);
      }
      expect((await verifyChain(a)).count).toBe(5);
    });

    it('one event id raced into two streams lands in one; the other append is refused', async () => {
      const [a, b] = [await open(), await open()];
      const sent = event();
      const outcomes = await Promise.allSettled([
        a.appendToStream(`release-${randomUUID()}`, [sent]),
        b.appendToStream(`release-${randomUUID()}`, [sent]),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const refused = outcomes.find((o) => o.status === 'rejected');
      expect(refused?.reason).toMatchObject({ code: StoreErrorCode.EventIdReused });
      expect(await collect(a.readAll())).toHaveLength(1);
    });

    it('group commits from one writer and single appends from another interleave into one chain', async () => {
      const [a, b] = [await open(), await open()];
      const shared = `deployment-${randomUUID()}`;
      const groups = Array.from({ length: 6 }, () =>
        a.appendBatch?.([
          { streamId: shared, events: [event()] },
          { streamId: `artifact-${randomUUID()}`, events: [event(), event()] },
        ]),
      );
      const singles = Array.from({ length: 6 }, () => b.appendToStream(shared, [event()]));
      await Promise.all([...groups, ...singles]);
      const verdict = await verifyChain(b);
      expect(verdict.firstBreak).toBeUndefined();
      expect(verdict.count).toBe(24);
      const revisions = (await collect(a.readStream(shared))).map((r) => r.revision);
      expect(revisions).toEqual(Array.from({ length: 12 }, (_, i) => i));
    });

    it('a fresh instance (a restart) continues the chain where the last one stopped', async () => {
      const first = await open();
      const stream = `gate-${randomUUID()}`;
      await first.appendToStream(stream, [event(), event()]);
      const before = await verifyChain(first);
      await first.close();

      const restarted = await open();
      const { records } = await restarted.appendToStream(stream, [event()], { expectedRevision: 1 });
      expect(records[0]?.prevHash).toBe(before.headHash);
      expect(records[0]?.revision).toBe(2);
      expect(records[0]?.position).toBe((before.lastPosition as number) + 1);
      const after = await verifyChain(restarted);
      expect(after.ok).toBe(true);
      expect(after.count).toBe(3);
    });
  });
}
