/**
 * Whether two JSON texts hold the same value, numbers compared by the decimal they write (so
 * `1e999` and `2e999`, or 2^53 and 2^53+1, differ as they do for the producer) and keys in any order.
 */
export function sameContent(a: string, b: string): boolean {
  return canonical(a) === canonical(b);
}

function canonical(text: string): string {
  const value: unknown = JSON.parse(text, (_key, parsed: unknown, context?: { source?: string }) =>
    typeof parsed === 'number' ? { '\u0000number': exactDecimal(context?.source ?? String(parsed)) } : parsed,
  );
  return JSON.stringify(sorted(value));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
  return Object.fromEntries(entries.map(([key, child]) => [key, sorted(child)]));
}

/** A JSON number literal as digits and a power of ten, with no leading or trailing zeros. */
function exactDecimal(literal: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(literal);
  if (match === null) return literal;
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  const digits = `${whole}${fraction}`.replace(/^0+/, '');
  const significant = digits.replace(/0+$/, '');
  if (significant === '') return '0';
  const power = BigInt(exponent) - BigInt(fraction.length) + BigInt(digits.length - significant.length);
  return `${sign}${significant}e${power}`;
}
