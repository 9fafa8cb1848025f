import { describe, expect, it } from 'vitest';
import { eventMessageId } from './eventMessageId.ts';

describe('eventMessageId', () => {
  it('is the sha256 of the JSON [source, id], as the documented jq line computes it', () => {
    // echo '{"context":{"source":"/ci/a","id":"42"}}' | jq -cj '[.context.source, .context.id]' | sha256sum
    expect(eventMessageId('/ci/a', '42')).toBe(
      '7e73bbdca86b5d05123f8b4d8700606607f0858950265a920b8ebb7a2c1c6e3d',
    );
  });

  it('differs between sources for one id, and between splits of the same text', () => {
    expect(eventMessageId('/ci/a', '42')).not.toBe(eventMessageId('/ci/b', '42'));
    expect(eventMessageId('/ci/a', '/42')).not.toBe(eventMessageId('/ci/a/', '42'));
    expect(eventMessageId('s', 'x'.repeat(10_000))).toMatch(/^[0-9a-f]{64}$/);
  });
});
