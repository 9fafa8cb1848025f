import { EventsErrorCode } from './errors.ts';
import type { Problem } from './errors.ts';

const what: Record<number, string> = { 0x5b: 'is a JSON array', 0x22: 'is a JSON string' };
const isBlank = (c: number | undefined): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/**
 * Problems unless `input` (JSON text, or its UTF-8 bytes) is one JSON object: where one message or
 * request carries one event, an array of events (or a bare string, number…) is refused, so the
 * text the ledger keeps is always exactly the event it recorded.
 */
export function oneEventObjectProblems(input: Uint8Array | string): Problem[] {
  const text = typeof input === 'string';
  const at = (k: number): number | undefined => (text ? input.charCodeAt(k) || undefined : input[k]);
  const bom = text ? at(0) === 0xfeff : at(0) === 0xef && at(1) === 0xbb && at(2) === 0xbf;
  let i = bom ? (text ? 1 : 3) : 0;
  while (isBlank(at(i))) i++;
  const first = at(i);
  if (first === 0x7b) return [];
  const found = first === undefined ? 'is empty' : (what[first] ?? 'is not a JSON object');
  return [
    {
      path: '',
      code: EventsErrorCode.DocumentNotObject,
      message: `${found}: one message carries exactly one event, a JSON object (send each event of an array on its own)`,
    },
  ];
}
