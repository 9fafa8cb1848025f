import { describe, expect, it } from 'vitest';
import { recordHash, ZERO_HASH } from '../recordHash.ts';
import { chainRecords } from './chainRecords.ts';

const events = [
  { id: 'a', type: 't.0.1.0', data: '{"a":1}', producer: 'ci' },
  { id: 'b', type: 't.0.1.0', data: '{"b":2}' },
];

describe('chainRecords', () => {
  it('starts both chains at zero on an empty ledger and a new stream, at position 1', () => {
    const [first, second] = chainRecords(
      'release-1',
      events,
      { ledgerRevision: -1, hash: '' },
      undefined,
      'T',
    );
    expect(first).toMatchObject({ position: 1, revision: 0, prevHash: ZERO_HASH, streamPrevHash: ZERO_HASH });
    expect(first?.producer).toBe('ci');
    expect(second).toMatchObject({
      position: 2,
      revision: 1,
      prevHash: first?.hash,
      streamPrevHash: first?.hash,
    });
    expect(second?.producer).toBe('unknown');
  });

  it('chains onto the ledger tail and the stream head, and every hash recomputes', () => {
    const ledger = { ledgerRevision: 41, hash: '1'.repeat(64) };
    const stream = { revision: 6, hash: '2'.repeat(64) };
    const records = chainRecords('release-1', events, ledger, stream, '2026-01-01T00:00:00.000Z');
    expect(records.map((r) => [r.position, r.revision])).toEqual([
      [43, 7],
      [44, 8],
    ]);
    expect(records[0]).toMatchObject({ prevHash: ledger.hash, streamPrevHash: stream.hash });
    for (const record of records) {
      expect(recordHash(record.prevHash, record.streamPrevHash, record)).toBe(record.hash);
    }
  });
});
