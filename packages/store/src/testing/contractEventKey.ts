import { describe, expect, it } from 'vitest';
import { StoreErrorCode } from '../errors.ts';
import { eventKey } from '../eventKey.ts';
import type { RecordedEvent } from '../eventStore.ts';
import { collect, expectCode, ids, newEvent, uniqueStream } from './contractSupport.ts';
import type { StoreGetter } from './contractSupport.ts';

/** The idempotency key of a fact is (source, id), as CDEvents makes them unique. */
export function describeEventKeyContract(store: StoreGetter): void {
  describe('facts keyed by (source, id)', () => {
    it('same source and id with the same content is a duplicate of the recorded fact', async () => {
      const stream = uniqueStream();
      const event = newEvent({}, { source: '/ci/a' });
      const first = await store().appendToStream(stream, [event]);
      const again = await store().appendToStream(stream, [{ ...event, producer: 'another-path' }]);
      expect(again.duplicate).toBe(true);
      expect(again.records).toEqual(first.records);
      expect(first.records[0]?.source).toBe('/ci/a');
      expect(await collect(store().readStream(stream))).toHaveLength(1);
    });

    it('same source and id with other content is refused EVENT_ID_REUSED and writes nothing', async () => {
      const stream = uniqueStream();
      const event = newEvent({}, { source: '/ci/a' });
      await store().appendToStream(stream, [event]);
      const other = newEvent({ id: event.id }, { source: '/ci/a', payload: 'other' });
      await expectCode(store().appendToStream(stream, [other]), StoreErrorCode.EventIdReused);
      await expectCode(
        store().appendToStream(uniqueStream(), [event]),
        StoreErrorCode.EventIdReused, // the same fact in another stream
      );
      expect(await collect(store().readStream(stream))).toHaveLength(1);
    });

    it('the same id from another source is another fact: both recorded, each found by its key', async () => {
      const stream = uniqueStream();
      const a = newEvent({ id: `42-${stream}` }, { source: '/ci/a' });
      const b = newEvent({ id: a.id }, { source: '/ci/b', payload: 'b' });
      const c = newEvent({ id: a.id }, { source: '/ci/c', payload: 'c' });
      const [ra] = (await store().appendToStream(stream, [a])).records as [RecordedEvent];
      const [rb] = (await store().appendToStream(uniqueStream(), [b])).records as [RecordedEvent];
      const [rc] = (await store().appendToStream(stream, [c])).records as [RecordedEvent];
      expect([ra.source, rb.source, rc.source]).toEqual(['/ci/a', '/ci/b', '/ci/c']);
      expect(rc.revision).toBe(1);
      expect(await store().readEvent(a.id, '/ci/b')).toEqual(rb);
      expect(await store().readEvent(a.id, '/ci/c')).toEqual(rc);
      expect(await store().readEvent(a.id, '/ci/none')).toBeUndefined();
      // By id alone: the first recorded, and every one of them in log order.
      expect(await store().readEvent(a.id)).toEqual(ra);
      expect(await store().readEventsById(a.id)).toEqual([ra, rb, rc]);
      const keyed = await store().readEvents([
        { source: '/ci/b', id: a.id },
        { source: '/ci/a', id: a.id },
      ]);
      expect(keyed.get(eventKey('/ci/a', a.id))).toEqual(ra);
      expect(keyed.get(eventKey('/ci/b', a.id))).toEqual(rb);
      expect(keyed.size).toBe(2);
      // Each is still its own fact: b again is b's duplicate; other content under c's key is refused.
      const retried = await store()
        .appendToStream(uniqueStream(), [b])
        .catch((err: unknown) => err);
      expect(retried).toMatchObject({ code: StoreErrorCode.EventIdReused }); // b lives in its own stream
      expect((await store().appendToStream(stream, [c])).records).toEqual([rc]);
      const otherC = newEvent({ id: a.id }, { source: '/ci/c', payload: 'changed' });
      await expectCode(store().appendToStream(stream, [otherC]), StoreErrorCode.EventIdReused);
    });

    it('takes the source from the data unless the appender names it', async () => {
      const stream = uniqueStream();
      const fromData = newEvent({}, { source: '/from/data' });
      const named = newEvent({ source: '/named' }, { source: '/from/data' });
      const bare = newEvent({ data: '{"not":"a CDEvent"}' });
      const { records } = await store().appendToStream(stream, [fromData, named, bare]);
      expect(records.map((r) => r.source)).toEqual(['/from/data', '/named', '']);
      expect((await collect(store().readStream(stream))).map((r) => r.source)).toEqual([
        '/from/data',
        '/named',
        '',
      ]);
    });

    it('one append may carry one id from two sources, but not one (source, id) twice', async () => {
      const stream = uniqueStream();
      const a = newEvent({}, { source: '/ci/a' });
      const b = newEvent({ id: a.id }, { source: '/ci/b' });
      const { records } = await store().appendToStream(stream, [a, b]);
      expect(ids(records)).toEqual([a.id, a.id]);
      expect((await store().readEventsById(a.id)).map((r) => r.source)).toEqual(['/ci/a', '/ci/b']);
      const twice = newEvent({}, { source: '/ci/a' });
      await expectCode(
        store().appendToStream(uniqueStream(), [twice, { ...twice }]),
        StoreErrorCode.InvalidArgument,
      );
    });

    it('a group commit records one id from two sources in two streams, and replays it as duplicates', async () => {
      const a = newEvent({}, { source: '/ci/a' });
      const b = newEvent({ id: a.id }, { source: '/ci/b' });
      const appends = [
        { streamId: uniqueStream(), events: [a] },
        { streamId: uniqueStream(), events: [b] },
      ];
      const first = await store().appendBatch(appends);
      expect(first.map((r) => r.duplicate)).toEqual([false, false]);
      const again = await store().appendBatch(appends);
      expect(again.map((r) => r.duplicate)).toEqual([true, true]);
      expect(again.map((r) => r.records)).toEqual(first.map((r) => r.records));
    });
  });
}
