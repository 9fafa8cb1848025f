// Milliseconds since the epoch of an RFC 3339 date-time; sub-millisecond digits are dropped, as
// JavaScript's toISOString (the CloudEvents JS SDK's `time`) drops them.
function instantOf(text: string): number | undefined {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Orders two RFC 3339 date-times by the instant they name, not their spelling: `2023-03-20T14:27:05Z`,
 * `2023-03-20T14:27:05.000Z` and `2023-03-20T16:27:05+02:00` are the same instant. Negative when
 * `a` is earlier, 0 for the same millisecond, positive when later; `undefined` when either is not
 * a date-time JavaScript can read (a leap second), unless they are the same text.
 */
export function compareInstants(a: string, b: string): number | undefined {
  if (a === b) return 0;
  const x = instantOf(a);
  const y = instantOf(b);
  return x === undefined || y === undefined ? undefined : x - y;
}
