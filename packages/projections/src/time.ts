import { instantMs } from '@shiplog/events';
import { ProjectionsError, ProjectionsErrorCode } from './errors.ts';

/**
 * Milliseconds since the epoch of an RFC 3339 time, read as events' times are (`instantMs`), or a
 * time without seconds (`2026-11-21T10:00Z`); undefined when it is neither.
 */
export function timeMs(text: string): number | undefined {
  const instant = instantMs(text);
  if (instant !== undefined) return instant;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(text)) return undefined;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return undefined;
  // Date.parse rolls 2026-02-30 over to March: refuse a calendar date that does not exist.
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth ? ms : undefined;
}

/** A query's time field, or a clear INVALID_QUERY naming the field (`since`, `knownAt`). */
export function queryTimeMs(text: string, field: string): number {
  const ms = timeMs(text);
  if (ms === undefined) {
    throw new ProjectionsError(
      ProjectionsErrorCode.InvalidQuery,
      `${field} must be an RFC 3339 time such as 2026-11-21T10:00:00Z, not '${text}'`,
      { fields: [field] },
    );
  }
  return ms;
}

/** Before any instant an RFC 3339 time can name (year 0000 with the largest offset). */
export const BEFORE_ALL_MS = -62_200_000_000_000;

/** How every answer writes a time: UTC, milliseconds, `Z`. */
export function isoOf(ms: number): string {
  return new Date(ms).toISOString();
}
