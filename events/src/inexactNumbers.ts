import { EventsErrorCode } from './errors.ts';
import type { Problem } from './errors.ts';
import { jsonPointer } from './jsonPointer.ts';

// Only a number token (after `:`, `,` or `[`, before `,`, `]` or `}`) with 16 or more digits, or an
// exponent, can fail to round-trip; text without one (most events: digests are in strings) is passed at once.
const MAYBE_INEXACT = /[:,[]\s*-?(?:\d[\d.]{15,}|\d[\d.]*[eE][+-]?\d+)\s*[,\]}]/;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** A decimal as (digits without leading or trailing zeros, exponent, sign): equal values, equal triples. */
function decimal(text: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (match === null) return text;
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  const all = whole + fraction;
  const lead = all.length - all.replace(/^0+/, '').length;
  const digits = all.replace(/^0+/, '').replace(/0+$/, '');
  if (digits.length === 0) return '0';
  // The value is 0.<digits> × 10^point.
  const point = whole.length - lead + Number(exponent);
  return `${sign}0.${digits}e${point}`;
}

/**
 * True when `token` is the shortest spelling (up to zeros and exponent form) of the double it reads
 * as: then no other accepted token reads as the same double, so the values are as distinct as the texts.
 */
function isExact(token: string): boolean {
  const value = Number(token);
  return Number.isFinite(value) && decimal(String(value)) === decimal(token);
}

/**
 * Problems for every number in a JSON text that JSON.parse cannot hold exactly: beyond a double's
 * range (`1e999` reads as Infinity) or precision (2^53 + 1 reads as 2^53; `0.30000000000000001` as
 * `0.3`). Two such events would hash alike although the producer sent different facts, so they are
 * refused: a value that needs more precision belongs in a string. Meant for valid JSON; other text
 * ends the scan without harm.
 */
export function inexactNumberProblems(text: string): Problem[] {
  if (!MAYBE_INEXACT.test(text)) return [];
  const problems: Problem[] = [];
  // One frame per open container: an object's current key (as JSON text), or an array's current index.
  const frames: { key: string | undefined; index: number; isObject: boolean }[] = [];
  const pathHere = (): (string | number)[] =>
    frames.map((f) => (f.isObject ? (JSON.parse(f.key as string) as string) : f.index));
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const frame = frames.at(-1);
    if (ch === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      // A key is kept as its JSON text, parsed only when a problem needs the path.
      if (frame?.isObject === true && frame.key === undefined) frame.key = text.slice(i, end + 1);
      i = end;
    } else if (ch === '{' || ch === '[') {
      frames.push({ key: undefined, index: 0, isObject: ch === '{' });
    } else if (ch === '}' || ch === ']') {
      frames.pop();
    } else if (ch === ',' && frame !== undefined) {
      frame.key = undefined;
      frame.index++;
    } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
      NUMBER.lastIndex = i;
      const token = NUMBER.exec(text)?.[0] ?? ch;
      if (!isExact(token)) {
        const shown = token.length > 40 ? `${token.slice(0, 40)}…` : token;
        problems.push({
          path: jsonPointer(pathHere()),
          code: EventsErrorCode.NumberInexact,
          message: `the number ${shown} does not survive being read as a double (beyond about 15 significant digits or outside ±1.8e308, two different numbers read as one): send it as a string`,
        });
      }
      i += token.length - 1;
    }
  }
  return problems;
}
