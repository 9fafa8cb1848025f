import { describe, expect, it } from 'vitest';
import { eventMessageId } from './eventMessageId.ts';

describe('eventMessageId', () => {
  it('is the sha256 of the bytes sent, as the documented sha256sum line computes it', () => {
    // printf '%s' '{"context":{"source":"/ci/a","id":"42"}}' | sha256sum
    expect(eventMessageId('{"context":{"source":"/ci/a","id":"42"}}')).toBe(
      'df13ae2dace3708811c3231177f4c5996cfb58892b4b35b530e2bec64224db88',
    );
  });

  it('differs for other content under one (source, id), and for another source', () => {
    const event = (source: string, note: string) => JSON.stringify({ context: { source, id: '42' }, note });
    expect(eventMessageId(event('/ci/a', 'x'))).not.toBe(eventMessageId(event('/ci/a', 'y')));
    expect(eventMessageId(event('/ci/a', 'x'))).not.toBe(eventMessageId(event('/ci/b', 'x')));
    expect(eventMessageId('x'.repeat(10_000))).toMatch(/^[0-9a-f]{64}$/);
  });
});
