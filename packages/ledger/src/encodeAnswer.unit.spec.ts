import { describe, expect, it } from 'vitest';
import { encodeAnswer, parseAnswer } from './encodeAnswer.ts';
import type { RecordAnswer } from './recordAnswer.ts';

const recorded: RecordAnswer = {
  status: 'recorded',
  eventId: 'e-1',
  streamId: 'deployment-production.api',
  position: 3,
  violations: [],
};

describe('the answer on the wire', () => {
  it('reads back what ingest wrote, with the digest of the event when there is one', () => {
    expect(parseAnswer(encodeAnswer(recorded, 'sha256:ab'))).toEqual({
      ok: true,
      wire: { answer: recorded, contentDigest: 'sha256:ab' },
    });
    expect(parseAnswer(encodeAnswer(recorded))).toEqual({ ok: true, wire: { answer: recorded } });
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    ['JSON null', 'null', /no known status/],
    ['an unknown status', '{"status":"maybe"}', /no known status/],
  ])('says why %s is not an answer', (_, text, problem) => {
    const parsed = parseAnswer(new TextEncoder().encode(text));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatch(problem);
  });
});
