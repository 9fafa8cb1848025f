import { describe, expect, it } from 'vitest';
import { StoreErrorCode } from '../errors.ts';
import type { ExpectedRevision } from '../eventStore.ts';
import { collect, expectCode, ids, newEvent, newEvents, uniqueStream } from './contractSupport.ts';
import type { StoreGetter } from './contractSupport.ts';

export function describeAppendContract(store: StoreGetter): void {
  describe('appendToStream: expected revisions', () => {
    it('no_stream appends to a new stream and conflicts once the stream exists', async () => {
      const stream = uniqueStream();
      const first = await store().appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' });
      expect(first.nextExpectedRevision).toBe(0);
      expect(first.duplicate).toBe(false);
      await expectCode(
        store().appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' }),
        StoreErrorCode.VersionConflict,
      );
    });

    it('stream_exists conflicts on a new stream and appends to an existing one', async () => {
      const stream = uniqueStream();
      await expectCode(
        store().appendToStream(stream, [newEvent()], { expectedRevision: 'stream_exists' }),
        StoreErrorCode.VersionConflict,
      );
      await store().appendToStream(stream, [newEvent()]);
      const second = await store().appendToStream(stream, [newEvent()], {
        expectedRevision: 'stream_exists',
      });
      expect(second.nextExpectedRevision).toBe(1);
    });

    it('an exact revision appends only when the stream is at it', async () => {
      const stream = uniqueStream();
      await store().appendToStream(stream, newEvents(2));
      await expectCode(
        store().appendToStream(stream, [newEvent()], { expectedRevision: 0 }),
        StoreErrorCode.VersionConflict,
      );
      await expectCode(
        store().appendToStream(stream, [newEvent()], { expectedRevision: 2 }),
        StoreErrorCode.VersionConflict,
      );
      const result = await store().appendToStream(stream, [newEvent()], { expectedRevision: 1 });
      expect(result.nextExpectedRevision).toBe(2);
      expect((await collect(store().readStream(stream))).length).toBe(3);
    });

    it('any appends whatever the stream state, and is the default', async () => {
      const stream = uniqueStream();
      await store().appendToStream(stream, [newEvent()], { expectedRevision: 'any' });
      const second = await store().appendToStream(stream, [newEvent()]);
      expect(second.nextExpectedRevision).toBe(1);
    });
  });

  describe('appendToStream: atomic batches', () => {
    it('records a batch with consecutive revisions and strictly increasing positions', async () => {
      const stream = uniqueStream();
      const batch = newEvents(5);
      const result = await store().appendToStream(stream, batch, { expectedRevision: 'no_stream' });
      expect(result.records.map((r) => r.revision)).toEqual([0, 1, 2, 3, 4]);
      const positions = result.records.map((r) => r.position);
      for (let i = 1; i < positions.length; i++)
        expect(positions[i]).toBeGreaterThan(positions[i - 1] as number);
      expect(result.position).toBe(positions.at(-1));
      expect(ids(await collect(store().readStream(stream)))).toEqual(ids(result.records));
    });

    it('keeps the CDEvent verbatim and the ledger metadata', async () => {
      const stream = uniqueStream();
      const data = '{ "context" : {"id":"é ✓ \\u0041"},\n  "subject": {} }';
      const event = newEvent({ data, producer: 'nats:ci-runner' });
      const [record] = (await store().appendToStream(stream, [event])).records;
      const [read] = await collect(store().readStream(stream));
      for (const stored of [record, read]) {
        expect(stored).toMatchObject({ streamId: stream, revision: 0, id: event.id, type: event.type, data });
        expect(stored?.producer).toBe('nats:ci-runner');
        expect(Number.isNaN(Date.parse(stored?.recordedAt ?? ''))).toBe(false);
        expect(stored?.hash).toMatch(/^[0-9a-f]{64}$/);
        expect(stored?.prevHash).toMatch(/^[0-9a-f]{64}$/);
        expect(stored?.streamPrevHash).toBe('0'.repeat(64));
      }
    });

    it('refuses an empty batch, a repeated id and a bad expected revision, writing nothing', async () => {
      const stream = uniqueStream();
      const event = newEvent();
      await expectCode(store().appendToStream(stream, []), StoreErrorCode.InvalidArgument);
      await expectCode(store().appendToStream(stream, [event, event]), StoreErrorCode.InvalidArgument);
      await expectCode(
        store().appendToStream(stream, [newEvent()], { expectedRevision: -1 as ExpectedRevision }),
        StoreErrorCode.InvalidArgument,
      );
      await expectCode(store().appendToStream('', [newEvent()]), StoreErrorCode.InvalidArgument);
      await expectCode(collect(store().readStream(stream)), StoreErrorCode.StreamNotFound);
    });
  });

  describe('appendToStream: idempotency', () => {
    it('re-appending the same events after an exact revision succeeds without writing', async () => {
      const stream = uniqueStream();
      await store().appendToStream(stream, [newEvent()]);
      const batch = newEvents(2);
      const first = await store().appendToStream(stream, batch, { expectedRevision: 0 });
      const again = await store().appendToStream(stream, batch, { expectedRevision: 0 });
      expect(again.duplicate).toBe(true);
      expect(again.records.map((r) => r.position)).toEqual(first.records.map((r) => r.position));
      expect(again.nextExpectedRevision).toBe(2);
      await expectCode(
        store().appendToStream(stream, [newEvent()], { expectedRevision: 0 }),
        StoreErrorCode.VersionConflict,
      );
      expect((await collect(store().readStream(stream))).length).toBe(3);
    });

    it('the same event with the same content is a no-op on every expected-revision path', async () => {
      const stream = uniqueStream();
      const event = newEvent({ producer: 'first' });
      await store().appendToStream(stream, [event], { expectedRevision: 'no_stream' });
      const paths: ExpectedRevision[] = ['any', 'no_stream', 'stream_exists', 0, 7];
      for (const expectedRevision of paths) {
        // A different producer is not different content: the retry is the same fact.
        const retry = { ...event, producer: 'second' };
        const result = await store().appendToStream(stream, [retry], { expectedRevision });
        expect(result.duplicate).toBe(true);
      }
      const stored = await collect(store().readStream(stream));
      expect(stored.map((r) => r.producer)).toEqual(['first']);
    });

    it('refuses the same id with other data or another type (EVENT_ID_REUSED)', async () => {
      const stream = uniqueStream();
      const event = newEvent();
      await store().appendToStream(stream, [event]);
      const changed = { ...event, data: event.data.replace('"s"', '"t"') };
      await expectCode(store().appendToStream(stream, [changed]), StoreErrorCode.EventIdReused);
      await expectCode(
        store().appendToStream(stream, [changed], { expectedRevision: 0 }),
        StoreErrorCode.EventIdReused,
      );
      await expectCode(
        store().appendToStream(stream, [{ ...event, type: 'dev.cdevents.other.0.1.0' }]),
        StoreErrorCode.EventIdReused,
      );
      expect(ids(await collect(store().readStream(stream)))).toEqual([event.id]);
    });

    it('refuses an id already recorded in another stream', async () => {
      const event = newEvent();
      await store().appendToStream(uniqueStream(), [event]);
      const other = uniqueStream();
      await expectCode(store().appendToStream(other, [event]), StoreErrorCode.EventIdReused);
      await expectCode(collect(store().readStream(other)), StoreErrorCode.StreamNotFound);
    });

    it('refuses a batch that only partly repeats recorded events, writing none of it', async () => {
      const stream = uniqueStream();
      const [a, b] = newEvents(2) as [ReturnType<typeof newEvent>, ReturnType<typeof newEvent>];
      await store().appendToStream(stream, [a]);
      const fresh = newEvent();
      await expectCode(store().appendToStream(stream, [a, fresh]), StoreErrorCode.EventIdReused);
      await expectCode(
        store().appendToStream(stream, [fresh, a], { expectedRevision: 0 }),
        StoreErrorCode.EventIdReused,
      );
      await store().appendToStream(stream, [b]);
      expect(ids(await collect(store().readStream(stream)))).toEqual([a.id, b.id]);
    });
  });

  describe('appendToStream: concurrent appenders', () => {
    it('exactly one of several racing appends wins each revision', async () => {
      const stream = uniqueStream();
      await store().appendToStream(stream, [newEvent()], { expectedRevision: 'no_stream' });
      for (let revision = 0; revision < 4; revision++) {
        const outcomes = await Promise.allSettled(
          Array.from({ length: 5 }, () =>
            store().appendToStream(stream, newEvents(2), { expectedRevision: revision * 2 }),
          ),
        );
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
        expect(won.length).toBe(1);
        for (const reason of lost) expect(reason).toMatchObject({ code: StoreErrorCode.VersionConflict });
      }
      const stored = await collect(store().readStream(stream));
      expect(stored.map((r) => r.revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    });

    it('racing appends with any all land, each with its own revisions', async () => {
      const stream = uniqueStream();
      const batches = Array.from({ length: 8 }, () => newEvents(3));
      await Promise.all(batches.map((batch) => store().appendToStream(stream, batch)));
      const stored = await collect(store().readStream(stream));
      expect(stored.map((r) => r.revision)).toEqual(Array.from({ length: 24 }, (_, i) => i));
      expect(new Set(ids(stored))).toEqual(new Set(batches.flat().map((e) => e.id)));
    });
  });
}
