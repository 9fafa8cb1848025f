import { describe, expect, it } from 'vitest';
import { canonicalRecord } from './canonicalRecord.ts';
import { recordHash, ZERO_HASH } from './recordHash.ts';

const record = {
  streamId: 'release-r1',
  revision: 3,
  id: 'evt-1',
  type: 'dev.cdevents.service.deployed.0.3.0',
  producer: 'ci',
  recordedAt: '2026-11-21T10:00:00.000Z',
  data: '{"context":{"id":"evt-1"},"note":"é\\n"}',
};

describe('canonicalRecord and recordHash', () => {
  it('encode a record as a one-line JSON header, a newline, then the data verbatim', () => {
    expect(canonicalRecord(record)).toBe(
      '["shiplog.record.v1","release-r1",3,"evt-1","dev.cdevents.service.deployed.0.3.0","ci","2026-11-21T10:00:00.000Z"]\n' +
        record.data,
    );
  });

  it('hash to a fixed value (computed independently with Python hashlib): stored ledgers depend on it', () => {
    expect(recordHash(ZERO_HASH, 'a'.repeat(64), record)).toBe(
      '2fee051a78f7e91fcc52e59f3e2b3a3b00d0dc4829399f457f01c0ed2aab46b3',
    );
  });

  it('change when any covered field or either predecessor hash changes', () => {
    const base = recordHash(ZERO_HASH, ZERO_HASH, record);
    const variants = [
      recordHash('1'.repeat(64), ZERO_HASH, record),
      recordHash(ZERO_HASH, '1'.repeat(64), record),
      recordHash(ZERO_HASH, ZERO_HASH, { ...record, streamId: 'release-r2' }),
      recordHash(ZERO_HASH, ZERO_HASH, { ...record, revision: 4 }),
      recordHash(ZERO_HASH, ZERO_HASH, { ...record, id: 'evt-2' }),
      recordHash(ZERO_HASH, ZERO_HASH, { ...record, type: 'dev.cdevents.service.upgraded.0.3.0' }),
      recordHash(ZERO_HASH, ZERO_HASH, { ...record, producer: 'cli' }),
      recordHash(ZERO_HASH, ZERO_HASH, { ...record, recordedAt: '2026-11-21T10:00:00.001Z' }),
      recordHash(ZERO_HASH, ZERO_HASH, { ...record, data: record.data.replace('é', 'e') }),
    ];
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });

  it('cannot be fooled by moving text between fields', () => {
    const a = { ...record, streamId: 'release-r1', id: 'x",\n"y' };
    const b = { ...record, streamId: 'release-r1",\n"x', id: 'y' };
    expect(canonicalRecord(a)).not.toBe(canonicalRecord(b));
    const c = { ...record, recordedAt: 'T', data: '\nD' };
    const d = { ...record, recordedAt: 'T\n', data: 'D' };
    expect(canonicalRecord(c)).not.toBe(canonicalRecord(d));
  });
});
