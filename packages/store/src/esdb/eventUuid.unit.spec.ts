import { describe, expect, it } from 'vitest';
import { eventUuid, idIndexStream } from './eventUuid.ts';

const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('eventUuid', () => {
  it('maps any CDEvent id to the same UUID every time, a different one per role', () => {
    const id = 'build-42/step 7 ✓';
    expect(eventUuid('link', id)).toMatch(UUID_V8);
    expect(eventUuid('link', id)).toBe(eventUuid('link', id));
    expect(eventUuid('index', id)).not.toBe(eventUuid('link', id));
    expect(eventUuid('link', `${id}x`)).not.toBe(eventUuid('link', id));
  });

  it('names a fixed-length id-index stream whatever the id', () => {
    expect(idIndexStream('shiplog', 'x'.repeat(5000))).toMatch(/^shiplog\.id-[0-9a-f]{64}$/);
  });
});
