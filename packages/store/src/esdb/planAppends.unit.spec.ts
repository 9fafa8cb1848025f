import { describe, expect, it } from 'vitest';
import { StoreErrorCode } from '../errors.ts';
import { eventKey } from '../eventKey.ts';
import type { NewEvent, RecordedEvent } from '../eventStore.ts';
import { recordHash, ZERO_HASH } from '../recordHash.ts';
import { planAppends } from './planAppends.ts';
import type { LedgerView } from './planAppends.ts';

const event = (id: string, source = ''): NewEvent => ({
  id,
  source,
  type: 't.0.1.0',
  data: `{"id":"${id}"}`,
});
const empty: LedgerView = {
  ledger: { ledgerRevision: -1, hash: '' },
  heads: new Map(),
  recorded: new Map(),
  indexed: new Map(),
};

describe('planAppends', () => {
  it('chains a group across streams as one run of the ledger, each stream continuing its own chain', () => {
    const plan = planAppends(
      [
        { streamId: 'release-a', events: [event('1'), event('2')] },
        { streamId: 'release-b', events: [event('3')], expectedRevision: 'no_stream' },
        { streamId: 'release-a', events: [event('4')], expectedRevision: 1 },
      ],
      empty,
      'T',
    );
    expect(plan.records.map((r) => [r.streamId, r.revision, r.position])).toEqual([
      ['release-a', 0, 1],
      ['release-a', 1, 2],
      ['release-b', 0, 3],
      ['release-a', 2, 4],
    ]);
    const [a0, a1, b0, a2] = plan.records as [RecordedEvent, RecordedEvent, RecordedEvent, RecordedEvent];
    expect(a0.prevHash).toBe(ZERO_HASH);
    expect(b0).toMatchObject({ prevHash: a1.hash, streamPrevHash: ZERO_HASH });
    expect(a2).toMatchObject({ prevHash: b0.hash, streamPrevHash: a1.hash });
    for (const r of plan.records) expect(recordHash(r.prevHash, r.streamPrevHash, r)).toBe(r.hash);
    expect(plan.results.map((r) => [r.nextExpectedRevision, r.position, r.duplicate])).toEqual([
      [1, 2, false],
      [0, 3, false],
      [2, 4, false],
    ]);
  });

  it('answers a replay with the stored records and where the stream is now, beside new appends', () => {
    const stored = planAppends([{ streamId: 'release-a', events: [event('1')] }], empty, 'T').records;
    const view: LedgerView = {
      ledger: { ledgerRevision: 4, hash: 'f'.repeat(64) },
      heads: new Map([['release-a', { revision: 3, hash: 'e'.repeat(64) }]]),
      recorded: new Map([[eventKey('', '1'), stored[0] as RecordedEvent]]),
      indexed: new Map([['1', 1]]),
    };
    const plan = planAppends(
      [
        { streamId: 'release-a', events: [event('1')] },
        { streamId: 'release-a', events: [event('9')] },
        { streamId: 'release-a', events: [event('9')] },
      ],
      view,
      'T',
    );
    expect(plan.results.map((r) => [r.duplicate, r.nextExpectedRevision])).toEqual([
      [true, 3],
      [false, 4],
      [true, 4],
    ]);
    expect(plan.results[0]?.records).toEqual(stored);
    expect(plan.records.map((r) => [r.id, r.position, r.prevHash])).toEqual([['9', 6, 'f'.repeat(64)]]);
  });

  it('records the same id from another source as another fact, indexed after the facts already there', () => {
    const stored = planAppends([{ streamId: 'release-a', events: [event('1', '/a')] }], empty, 'T').records;
    const view: LedgerView = {
      ...empty,
      ledger: { ledgerRevision: 0, hash: (stored[0] as RecordedEvent).hash },
      recorded: new Map([[eventKey('/a', '1'), stored[0] as RecordedEvent]]),
      indexed: new Map([['1', 1]]),
    };
    const plan = planAppends(
      [
        { streamId: 'release-a', events: [event('1', '/b')] },
        { streamId: 'release-b', events: [event('1', '/c'), event('2', '/c')] },
        { streamId: 'release-a', events: [event('1', '/a')] },
      ],
      view,
      'T',
    );
    expect(plan.records.map((r) => [r.source, r.id])).toEqual([
      ['/b', '1'],
      ['/c', '1'],
      ['/c', '2'],
    ]);
    expect(plan.indexRevisions).toEqual([1, 2, 0]);
    expect(plan.results.map((r) => r.duplicate)).toEqual([false, false, true]);
  });

  it('refuses the whole group when one append is refused', () => {
    const appends = [
      { streamId: 'release-a', events: [event('1')] },
      { streamId: 'release-b', events: [event('1')] },
    ];
    expect(() => planAppends(appends, empty, 'T')).toThrow(
      expect.objectContaining({ code: StoreErrorCode.EventIdReused }),
    );
    const conflict = [
      ...appends.slice(0, 1),
      { streamId: 'release-a', events: [event('2')], expectedRevision: 5 },
    ];
    expect(() => planAppends(conflict, empty, 'T')).toThrow(
      expect.objectContaining({ code: StoreErrorCode.VersionConflict }),
    );
  });
});
