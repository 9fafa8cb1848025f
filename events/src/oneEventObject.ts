import { EventsErrorCode } from './errors.ts';
import type { Problem } from './errors.ts';

const names: Record<number, string> = { 0x5b: 'a JSON array', 0x22: 'a JSON string' };

/**
 * Problems unless `input` (JSON text, or its UTF-8 bytes) is one JSON object: where one message or
 * request carries one event, an array of events (or a bare string, number…) is refused, so the
 * text the ledger keeps is always exactly the event it recorded.
 */
export function oneEventObjectProblems(input: Uint8Array | string): Problem[] {
  let i = 0;
  const at = (k: number): number | undefined => (typeof input === 'string' ? input.charCodeAt(k) : input[k]);
  if (typeof input === 'string' ? input.charCodeAt(0) === 0xfeff : input[0] === 0xef)
    i = typeof input === 'string' ? 1 : 3;
  let ch = at(i);
  while (ch === 0x20 || ch === 0x09 || ch === 0x0a || ch === 0x0d) ch = at(++i);
  if (ch === 0x7b) return [];
  const what = ch === undefined || Number.isNaN(ch) ? 'empty' : (names[ch] ?? 'not a JSON object');
  return [
    {
      path: '',
      code: EventsErrorCode.DocumentNotObject,
      message: `${what === 'empty' ? 'is empty' : `is ${what}`}: one message carries exactly one event, a JSON object (send each event of an array on its own)`,
    },
  ];
}
