import { describe, expect, it } from 'vitest';
import type { HashedFields } from './canonicalRecord.ts';
import { lossyOriginals } from './lossyRecord.ts';
import { recordHash, ZERO_HASH } from './recordHash.ts';

// A record as a pre-fix writer hashed it, and as a UTF-8 store gave it back.
const sent: HashedFields = {
  streamId: 'deployment-prod\ud800.checkout',
  revision: 0,
  id: 'a\udc01-\ud800',
  type: 'dev.cdevents.service.deployed.0.3.0',
  producer: 'local',
  recordedAt: '2026-01-01T00:00:00.000Z',
  data: '{"context":{"id":"a\\udc01-\\ud800"},"subject":{"content":{"environment":{"id":"prod\\ud800"}}}}',
};
const stored = (fields: HashedFields): HashedFields => ({
  ...fields,
  streamId: fields.streamId.toWellFormed(),
  id: fields.id.toWellFormed(),
});
const hash = recordHash(ZERO_HASH, ZERO_HASH, sent);
const matches = (record: HashedFields): boolean =>
  [...lossyOriginals(record)].some((original) => recordHash(ZERO_HASH, ZERO_HASH, original) === hash);

describe('lossyOriginals: reading back a record written before lone surrogates were refused', () => {
  it('finds the record as it was hashed', () => {
    expect(recordHash(ZERO_HASH, ZERO_HASH, stored(sent))).not.toBe(hash);
    expect(matches(stored(sent))).toBe(true);
  });

  it('finds nothing once its data was altered, nor for a well-formed record', () => {
    expect(matches({ ...stored(sent), data: sent.data.replace('prod', 'pr0d') })).toBe(false);
    expect([...lossyOriginals({ ...sent, streamId: 'deployment-x', id: 'plain' })]).toEqual([]);
  });
});
