import { describe, expect, it } from 'vitest';
import { StoreErrorCode } from '../errors.ts';
import { eventKey } from '../eventKey.ts';
import type { RecordedEvent } from '../eventStore.ts';
import { collect, expectCode, ids, markPosition, newEvents, uniqueStream } from './contractSupport.ts';
import type { StoreGetter } from './contractSupport.ts';

export function describeReadContract(store: StoreGetter): void {
  describe('readStream', () => {
    it('reads forwards and backwards, from a revision, up to maxCount', async () => {
      const stream = uniqueStream();
      const batch = newEvents(6);
      await store().appendToStream(stream, batch);
      const all = batch.map((e) => e.id);
      const read = async (options: Parameters<ReturnType<StoreGetter>['readStream']>[1]) =>
        ids(await collect(store().readStream(stream, options)));
      expect(await read({})).toEqual(all);
      expect(await read({ fromRevision: 2 })).toEqual(all.slice(2));
      expect(await read({ fromRevision: 2, maxCount: 3 })).toEqual(all.slice(2, 5));
      expect(await read({ direction: 'backwards' })).toEqual([...all].reverse());
      expect(await read({ direction: 'backwards', fromRevision: 3 })).toEqual(all.slice(0, 4).reverse());
      expect(await read({ direction: 'backwards', fromRevision: 4, maxCount: 2 })).toEqual([all[4], all[3]]);
      expect(await read({ fromRevision: 6 })).toEqual([]);
      expect(await read({ maxCount: 0 })).toEqual([]);
    });

    it('throws STREAM_NOT_FOUND for a stream with no events', async () => {
      await expectCode(collect(store().readStream(uniqueStream())), StoreErrorCode.StreamNotFound);
      await expectCode(
        collect(store().readStream(uniqueStream(), { direction: 'backwards' })),
        StoreErrorCode.StreamNotFound,
      );
    });
  });

  describe('readEvent', () => {
    it('finds the record of an event id wherever it is stored, and nothing for an unknown id', async () => {
      const stream = uniqueStream();
      const { records } = await store().appendToStream(stream, newEvents(3));
      const wanted = records[1];
      expect(await store().readEvent(wanted?.id as string)).toEqual(wanted);
      expect(await store().readEvent(`never-recorded-${stream}`)).toBeUndefined();
    });

    it('finds several facts in one call, each under its key, and leaves out facts never recorded', async () => {
      const a = await store().appendToStream(uniqueStream(), newEvents(2));
      const b = await store().appendToStream(uniqueStream(), newEvents(1));
      const [first, second] = a.records as [RecordedEvent, RecordedEvent];
      const [third] = b.records as [RecordedEvent];
      const unknown = { source: '/contract', id: `never-recorded-${uniqueStream()}` };
      const otherSource = { source: '/elsewhere', id: first.id };
      const found = await store().readEvents([third, unknown, first, otherSource]);
      const keyOf = (r: RecordedEvent) => eventKey(r.source, r.id);
      expect([...found.keys()].sort()).toEqual([keyOf(first), keyOf(third)].sort());
      expect(found.get(keyOf(first))).toEqual(first);
      expect(found.get(keyOf(third))).toEqual(third);
      expect(found.has(keyOf(second))).toBe(false);
      expect((await store().readEvents([])).size).toBe(0);
      await expectCode(store().readEvents([{ source: '/contract', id: '' }]), StoreErrorCode.InvalidArgument);
    });
  });

  describe('readAll', () => {
    it('reads the global log after a position in commit order, up to maxCount', async () => {
      const mark = await markPosition(store());
      const a = uniqueStream();
      const b = uniqueStream();
      const first = await store().appendToStream(a, newEvents(2));
      const second = await store().appendToStream(b, newEvents(3));
      const third = await store().appendToStream(a, newEvents(1));
      const expected = [...first.records, ...second.records, ...third.records];
      const mine = new Set([a, b]);
      const after = (await collect(store().readAll({ afterPosition: mark }))).filter((r) =>
        mine.has(r.streamId),
      );
      expect(ids(after)).toEqual(ids(expected));
      expect(after.map((r) => r.position)).toEqual(expected.map((r) => r.position));
      for (let i = 1; i < after.length; i++) {
        expect(after[i]?.position).toBeGreaterThan(after[i - 1]?.position as number);
      }

      const fromSecond = await collect(store().readAll({ afterPosition: first.position, maxCount: 3 }));
      expect(fromSecond.length).toBe(3);
      expect(fromSecond.every((r) => r.position > first.position)).toBe(true);
      expect(fromSecond[0]?.position).toBe(second.records[0]?.position);
    });

    it('reads nothing after the last position', async () => {
      const mark = await markPosition(store());
      const tail = (await collect(store().readAll({ afterPosition: mark }))).filter((r) =>
        r.streamId.startsWith('contract-'),
      );
      expect(tail).toEqual([]);
    });
  });

  describe('stream metadata', () => {
    it('is undefined until set, then round-trips and can be replaced', async () => {
      const stream = uniqueStream();
      expect(await store().getStreamMetadata(stream)).toBeUndefined();
      await store().setStreamMetadata(stream, { maxCount: 100, maxAgeSeconds: 3600, owner: 'release-team' });
      expect(await store().getStreamMetadata(stream)).toEqual({
        maxCount: 100,
        maxAgeSeconds: 3600,
        owner: 'release-team',
      });
      await store().setStreamMetadata(stream, { maxCount: 5 });
      expect(await store().getStreamMetadata(stream)).toEqual({ maxCount: 5 });
    });

    it('refuses retention limits that are not positive integers', async () => {
      const stream = uniqueStream();
      await expectCode(store().setStreamMetadata(stream, { maxCount: -1 }), StoreErrorCode.InvalidArgument);
      await expectCode(
        store().setStreamMetadata(stream, { maxAgeSeconds: 1.5 }),
        StoreErrorCode.InvalidArgument,
      );
      expect(await store().getStreamMetadata(stream)).toBeUndefined();
    });
  });
}
