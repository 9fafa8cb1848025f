import { describe, expect, it } from 'vitest';
import {
  collect,
  ids,
  markPosition,
  newEvents,
  take,
  uniqueCategory,
  uniqueStream,
} from './contractSupport.ts';
import type { StoreGetter } from './contractSupport.ts';

export function describeSubscribeContract(store: StoreGetter): void {
  describe('subscribeToAll', () => {
    it('delivers history, then live events, in global order', async () => {
      const category = uniqueCategory();
      const stream = uniqueStream(category);
      const history = await store().appendToStream(stream, newEvents(3));
      const subscription = store().subscribeToAll({ category });
      try {
        const iterator = subscription[Symbol.asyncIterator]();
        expect(ids(await take(iterator, 3))).toEqual(ids(history.records));
        const live = await store().appendToStream(uniqueStream(category), newEvents(2));
        const more = await store().appendToStream(stream, newEvents(1));
        expect(ids(await take(iterator, 3))).toEqual(ids([...live.records, ...more.records]));
      } finally {
        await subscription.close();
      }
    });

    it('filters by category', async () => {
      const wanted = uniqueCategory('w');
      const other = uniqueCategory('o');
      const mark = await markPosition(store());
      const expected = [];
      for (let i = 0; i < 3; i++) {
        expected.push(...(await store().appendToStream(uniqueStream(wanted), newEvents(2))).records);
        await store().appendToStream(uniqueStream(other), newEvents(2));
        await store().appendToStream(`${wanted}x-${i}`, newEvents(1));
      }
      const subscription = store().subscribeToAll({ category: wanted, afterPosition: mark });
      try {
        const got = await take(subscription[Symbol.asyncIterator](), 6);
        expect(ids(got)).toEqual(ids(expected));
        expect(got.every((r) => r.streamId.startsWith(`${wanted}-`))).toBe(true);
      } finally {
        await subscription.close();
      }
    });

    it('starts after a checkpoint', async () => {
      const category = uniqueCategory();
      const result = await store().appendToStream(uniqueStream(category), newEvents(4));
      const checkpoint = result.records[1]?.position as number;
      const subscription = store().subscribeToAll({ afterPosition: checkpoint, category });
      try {
        const got = await take(subscription[Symbol.asyncIterator](), 2);
        expect(ids(got)).toEqual(ids(result.records.slice(2)));
      } finally {
        await subscription.close();
      }
    });

    it('delivers every event exactly once across a close and a resume from the checkpoint', async () => {
      const category = uniqueCategory();
      const stream = uniqueStream(category);
      const written = [...(await store().appendToStream(stream, newEvents(5))).records];
      const first = store().subscribeToAll({ category });
      const seen = await take(first[Symbol.asyncIterator](), 3);
      await first.close();
      const checkpoint = seen.at(-1)?.position as number;
      written.push(...(await store().appendToStream(stream, newEvents(4))).records);
      const second = store().subscribeToAll({ category, afterPosition: checkpoint });
      try {
        const iterator = second[Symbol.asyncIterator]();
        seen.push(...(await take(iterator, 6)));
        written.push(...(await store().appendToStream(uniqueStream(category), newEvents(2))).records);
        seen.push(...(await take(iterator, 2)));
      } finally {
        await second.close();
      }
      expect(ids(seen)).toEqual(ids(written));
      expect(new Set(ids(seen)).size).toBe(written.length);
    });

    it('ends its iteration when closed, even while waiting for events', async () => {
      const subscription = store().subscribeToAll({ category: uniqueCategory() });
      const iterator = subscription[Symbol.asyncIterator]();
      const pending = iterator.next();
      await subscription.close();
      expect((await pending).done).toBe(true);
      expect(await collect(subscription)).toEqual([]);
    });
  });
}
