import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantMs, normalizeInstant } from './instant.ts';
import { isDateTime } from './jsonFormats.ts';

const pad = (n: number, width = 2): string => String(Math.abs(n)).padStart(width, '0');

// An RFC 3339 spelling of `ms` (years 0000–9999) at a random offset, with or without a fraction.
const spelled = fc
  .record({
    ms: fc.integer({ min: Date.parse('0000-01-02T00:00:00Z'), max: Date.parse('9999-12-30T00:00:00Z') }),
    offsetMinutes: fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
    fraction: fc.boolean(),
  })
  .map(({ ms, offsetMinutes, fraction }) => {
    const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, fraction ? 23 : 19);
    const sign = offsetMinutes < 0 ? '-' : '+';
    const offset = `${sign}${pad(Math.trunc(offsetMinutes / 60))}:${pad(offsetMinutes % 60)}`;
    return { ms: fraction ? ms : ms - (((ms % 1000) + 1000) % 1000), text: `${local}${offset}` };
  });

describe('instantMs / normalizeInstant: the one reading of an event time', () => {
  it.each([
    ['2026-01-01T10:00:00+05:00', '2026-01-01T05:00:00.000Z'],
    ['2026-01-01T10:00:00+05', '2026-01-01T05:00:00.000Z'],
    ['2026-01-01T10:00:00+0530', '2026-01-01T04:30:00.000Z'],
    ['2016-12-31T23:59:60Z', '2016-12-31T23:59:59.999Z'],
    ['2016-12-31T15:59:60-08:00', '2016-12-31T23:59:59.999Z'],
    ['1969-07-20T20:17:00Z', '1969-07-20T20:17:00.000Z'],
    ['0050-03-01T00:00:00.123456Z', '0050-03-01T00:00:00.123Z'],
    ['2023-03-20t14:27:05.1z', '2023-03-20T14:27:05.100Z'],
  ])('%s → %s', (text, normal) => expect(normalizeInstant(text)).toBe(normal));

  it.each(['2026-02-30T00:00:00Z', '2026-01-01T10:00:00', 'yesterday', '2026-01-01T10:00Z'])(
    'refuses %s, as the contract does',
    (text) => expect(normalizeInstant(text)).toBeUndefined(),
  );

  it('reads every spelling of an instant as that instant', () => {
    fc.assert(
      fc.property(spelled, ({ ms, text }) => {
        expect(instantMs(text)).toBe(ms);
      }),
    );
  });

  it('is idempotent, and accepts exactly what the contract accepts', () => {
    fc.assert(
      fc.property(spelled, ({ text }) => {
        const normal = normalizeInstant(text) as string;
        expect(normalizeInstant(normal)).toBe(normal);
        expect(isDateTime(normal)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(instantMs(text) !== undefined).toBe(isDateTime(text));
      }),
    );
  });

  it('keeps the order of instants, and the normal forms sort as text in that order', () => {
    fc.assert(
      fc.property(spelled, spelled, (a, b) => {
        const [na, nb] = [normalizeInstant(a.text) as string, normalizeInstant(b.text) as string];
        expect(Math.sign((instantMs(a.text) as number) - (instantMs(b.text) as number))).toBe(
          Math.sign(a.ms - b.ms),
        );
        expect(Math.sign(na.localeCompare(nb))).toBe(Math.sign(a.ms - b.ms));
      }),
    );
  });

  it('puts a leap second after the rest of its minute and before the next', () => {
    const [before, leap, after] = [
      '2016-12-31T23:59:59.5Z',
      '2016-12-31T23:59:60.5Z',
      '2017-01-01T00:00:00Z',
    ].map((t) => instantMs(t) as number) as [number, number, number];
    expect(before).toBeLessThan(leap);
    expect(leap).toBeLessThan(after);
  });
});
