import { describe, expect, it } from 'vitest';
import type { NewEvent, RecordedEvent } from '../eventStore.ts';
import { decideAppend } from './decideAppend.ts';

const event = (id: string, data = `{"id":"${id}"}`): NewEvent => ({ id, type: 't.0.1.0', data });
const stored = (e: NewEvent, streamId = 'release-1', revision = 0): RecordedEvent => ({
  ...e,
  source: e.source ?? '',
  streamId,
  revision,
  position: revision + 1,
  producer: 'p',
  recordedAt: '2026-01-01T00:00:00.000Z',
  prevHash: '0'.repeat(64),
  streamPrevHash: '0'.repeat(64),
  hash: 'f'.repeat(64),
});

describe('decideAppend', () => {
  const head = { revision: 0, hash: 'a'.repeat(64) };

  it('writes when the expectation holds and no id is recorded', () => {
    for (const expected of ['any', 'stream_exists', 0] as const) {
      expect(decideAppend('release-1', [event('a')], expected, head, [undefined]).kind).toBe('write');
    }
    expect(decideAppend('release-1', [event('a')], 'no_stream', undefined, [undefined]).kind).toBe('write');
  });

  it('conflicts when the stream is not where the append expects it', () => {
    expect(decideAppend('release-1', [event('a')], 'no_stream', head, [undefined]).kind).toBe('conflict');
    expect(decideAppend('release-1', [event('a')], 'stream_exists', undefined, [undefined]).kind).toBe(
      'conflict',
    );
    expect(decideAppend('release-1', [event('a')], 3, head, [undefined]).kind).toBe('conflict');
  });

  it('answers a full replay in the same stream with the stored records, whatever the expectation', () => {
    const a = event('a');
    const b = event('b');
    const recorded = [stored(a, 'release-1', 0), stored(b, 'release-1', 1)];
    for (const expected of ['any', 'no_stream', 'stream_exists', 0, 9] as const) {
      const decision = decideAppend('release-1', [a, b], expected, { revision: 1, hash: 'x' }, recorded);
      expect(decision).toEqual({ kind: 'duplicate', records: recorded });
    }
  });

  it('refuses a recorded id with other content, in another stream, or in part of a batch', () => {
    const a = event('a');
    const other = decideAppend('release-1', [{ ...a, data: '{}' }], 'any', head, [stored(a)]);
    expect(other.kind).toBe('reused');
    const type = decideAppend('release-1', [{ ...a, type: 'u.0.1.0' }], 'any', head, [stored(a)]);
    expect(type.kind).toBe('reused');
    expect(decideAppend('release-2', [a], 'any', undefined, [stored(a)]).kind).toBe('reused');
    expect(decideAppend('release-1', [a, event('b')], 'any', head, [stored(a), undefined]).kind).toBe(
      'reused',
    );
  });

  it('reports a failed expectation before a reused id, as the SQLite adapter does', () => {
    const a = event('a');
    expect(decideAppend('release-1', [a, event('b')], 5, head, [stored(a), undefined]).kind).toBe('conflict');
  });
});
