import { describe, expect, it } from 'vitest';
import { ProjectionsErrorCode } from './errors.ts';
import { isoOf, queryTimeMs, timeMs } from './time.ts';

describe('times', () => {
  it('reads RFC 3339 with offsets and fractions, and writes UTC', () => {
    expect(timeMs('2026-01-05T10:00:00+02:00')).toBe(Date.parse('2026-01-05T08:00:00Z'));
    expect(isoOf(timeMs('2026-01-05T08:00:00.5Z') as number)).toBe('2026-01-05T08:00:00.500Z');
  });

  it('refuses what is not RFC 3339 with INVALID_QUERY naming the option', () => {
    expect(timeMs('2026-01-05')).toBeUndefined();
    expect(timeMs('2026-13-45T99:00:00Z')).toBeUndefined();
    expect(() => queryTimeMs('last tuesday', 'at')).toThrow(
      expect.objectContaining({ code: ProjectionsErrorCode.InvalidQuery, fields: ['at'] }),
    );
  });

  it('refuses calendar dates that do not exist instead of rolling them over', () => {
    expect(timeMs('2026-02-30T00:00:00Z')).toBeUndefined();
    expect(timeMs('2026-13-01T00:00:00Z')).toBeUndefined();
    expect(timeMs('2028-02-29T00:00:00Z')).toBe(Date.UTC(2028, 1, 29));
  });
});
