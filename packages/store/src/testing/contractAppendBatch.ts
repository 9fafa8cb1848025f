import { describe, expect, it } from 'vitest';
import { StoreErrorCode } from '../errors.ts';
import { collect, expectCode, ids, newEvent, newEvents, uniqueStream } from './contractSupport.ts';
import type { StoreGetter } from './contractSupport.ts';

export function describeAppendBatchContract(store: StoreGetter): void {
  describe('appendBatch (group commit)', () => {
    it('appends every batch with its own expectation, in order', async () => {
      const a = uniqueStream();
      const b = uniqueStream();
      await store().appendToStream(b, newEvents(1));
      const batches = [
        { streamId: a, events: newEvents(2), expectedRevision: 'no_stream' as const },
        { streamId: b, events: newEvents(1), expectedRevision: 0 },
        { streamId: a, events: newEvents(1) },
      ];
      const results = await store().appendBatch(batches);
      expect(results.map((r) => r.nextExpectedRevision)).toEqual([1, 1, 2]);
      expect(results.map((r) => r.duplicate)).toEqual([false, false, false]);
      const positions = results.flatMap((r) => r.records.map((x) => x.position));
      for (let i = 1; i < positions.length; i++)
        expect(positions[i]).toBeGreaterThan(positions[i - 1] as number);
      const expected = [batches[0], batches[2]].flatMap((batch) => batch?.events ?? []);
      expect(ids(await collect(store().readStream(a)))).toEqual(expected.map((e) => e.id));
    });

    it('reports a replayed batch as a duplicate beside new ones', async () => {
      const stream = uniqueStream();
      const first = newEvents(2);
      await store().appendToStream(stream, first);
      const results = await store().appendBatch([
        { streamId: stream, events: first },
        { streamId: stream, events: [newEvent()] },
      ]);
      expect(results.map((r) => r.duplicate)).toEqual([true, false]);
      expect((await collect(store().readStream(stream))).length).toBe(3);
    });

    it('with group commit, one failing batch writes none of them', async () => {
      const a = uniqueStream();
      const b = uniqueStream();
      await store().appendToStream(b, newEvents(1));
      await expectCode(
        store().appendBatch([
          { streamId: a, events: newEvents(2) },
          { streamId: b, events: newEvents(1), expectedRevision: 'no_stream' },
        ]),
        StoreErrorCode.VersionConflict,
      );
      await expectCode(collect(store().readStream(a)), StoreErrorCode.StreamNotFound);
    });
  });
}
