import { describe, expect, it } from 'vitest';
import { StoreErrorCode } from './errors.ts';
import { assertValidAppend } from './validateAppend.ts';

const event = { id: 'e1', type: 't', data: '{}' };

describe('assertValidAppend refuses ill-formed text a UTF-8 store would silently change', () => {
  it.each([
    ['the stream id', 'stream-\ud800', event],
    ['the event id', 'stream-1', { ...event, id: 'e-\udc00' }],
    ['the type', 'stream-1', { ...event, type: 't\ud800' }],
    ['the data', 'stream-1', { ...event, data: '{"a":"\ud800"}' }],
    ['the producer', 'stream-1', { ...event, producer: 'p\ud800' }],
  ])('in %s', (_what, streamId, newEvent) => {
    expect(() => assertValidAppend(streamId, [newEvent], 'any')).toThrow(
      expect.objectContaining({ code: StoreErrorCode.InvalidArgument }),
    );
  });

  it('accepts well-formed text, surrogate pairs included', () => {
    expect(() =>
      assertValidAppend('stream-\ud83d\udea2', [{ ...event, id: 'e-\ud83d\udea2' }], 'any'),
    ).not.toThrow();
  });
});
