import { isDateTime } from './jsonFormats.ts';

const PARTS =
  /^(\d{4})-(\d{2})-(\d{2})[Tt\s](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2})(?::?(\d{2}))?)$/;

/**
 * Milliseconds since the epoch of an RFC 3339 date-time as the contract accepts it (`isDateTime`);
 * undefined for anything else. The one reading of an event's time, so that every place that
 * compares or sorts instants agrees:
 * - an offset is applied (`+05:00`; `+05` and `+0530`, which the JSON Schema validators accept,
 *   read as `+05:00` and `+05:30`);
 * - a leap second (`23:59:60Z`, or its local form with an offset) is the last millisecond of its
 *   minute, `23:59:59.999Z` — after everything in that minute, before the next minute;
 * - fractions below a millisecond are cut off (never rounded up, so order is kept);
 * - dates before 1970 are negative.
 */
export function instantMs(text: string): number | undefined {
  if (!isDateTime(text)) return undefined;
  const m = PARTS.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const millis = Number(((m[7] ?? '') + '000').slice(0, 3));
  const sign = m[8] === '-' ? -1 : 1;
  const offsetMinutes = sign * (Number(m[9] ?? 0) * 60 + Number(m[10] ?? 0));
  const leap = second === 60;
  const local = Date.UTC(year, month - 1, day, hour, minute, leap ? 59 : second, leap ? 999 : millis);
  // Date.UTC reads years 0–99 as 1900–1999; set the year exactly.
  const exact = new Date(local);
  exact.setUTCFullYear(year, month - 1, day);
  return exact.getTime() - offsetMinutes * 60_000;
}

/**
 * The normal form of an RFC 3339 date-time: UTC, milliseconds, `Z`
 * (`2026-01-01T10:00:00+05:00` → `2026-01-01T05:00:00.000Z`); undefined when `text` is not one.
 * Idempotent, and it keeps the order of the instants it reads (see `instantMs`).
 */
export function normalizeInstant(text: string): string | undefined {
  const ms = instantMs(text);
  return ms === undefined ? undefined : new Date(ms).toISOString();
}
