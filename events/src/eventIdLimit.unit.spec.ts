import { describe, expect, it } from 'vitest';
import { eventIdProblems, MAX_EVENT_ID_BYTES } from './eventIdLimit.ts';
import { parseCDEvent } from './parseCDEvent.ts';

describe('the event id bound, in UTF-8 bytes', () => {
  it('takes 512 bytes and refuses 513, counting bytes, not characters', () => {
    expect(MAX_EVENT_ID_BYTES).toBe(512);
    expect(eventIdProblems('a'.repeat(512))).toEqual([]);
    expect(eventIdProblems('a'.repeat(513))).toMatchObject([
      { code: 'FIELD_ID_TOO_LONG', path: '/context/id' },
    ]);
    // 171 three-byte characters are 513 bytes though only 171 characters.
    expect(eventIdProblems('€'.repeat(171))).toHaveLength(1);
    expect(eventIdProblems('€'.repeat(170))).toEqual([]);
  });

  it('is part of the contract: parseCDEvent refuses a longer id at /context/id', () => {
    const event = {
      context: {
        specversion: '0.5.1',
        id: 'x'.repeat(600),
        source: '/ci',
        type: 'dev.cdevents.change.created.0.4.0',
        timestamp: '2026-01-01T00:00:00Z',
      },
      subject: { id: 'PR-1', content: { repository: { id: 'acme/shop' } } },
    };
    expect(parseCDEvent(event)).toMatchObject({
      ok: false,
      problems: [{ code: 'FIELD_ID_TOO_LONG', path: '/context/id' }],
    });
    expect(parseCDEvent({ ...event, context: { ...event.context, id: 'x' } })).toMatchObject({ ok: true });
  });
});
