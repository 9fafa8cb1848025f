import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, contentDigest } from './canonicalJson.ts';

// The values the contract lets through: well-formed text (fast-check's strings are), exact numbers,
// no `__proto__` keys. JSON has one zero: -0 is written, and so hashed, as 0.
const value = fc.jsonValue().filter((v) => !JSON.stringify(v).includes('"__proto__"'));
const asJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

function reordered(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reordered);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.entries(v)
      .reverse()
      .map(([k, x]) => [k, reordered(x)]),
  );
}

describe('canonicalJson / contentDigest on well-formed values', () => {
  it('is injective: the canonical text reads back as the value itself', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(JSON.parse(canonicalJson(v))).toEqual(asJson(v));
      }),
    );
  });

  it('gives equal values one digest, whatever their key order, and different values different digests', () => {
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(contentDigest(reordered(a))).toBe(contentDigest(a));
        const same =
          JSON.stringify(JSON.parse(canonicalJson(a))) === JSON.stringify(JSON.parse(canonicalJson(b)));
        expect(contentDigest(a) === contentDigest(b)).toBe(same);
      }),
    );
  });

  it('keeps lone surrogates apart as escapes (the contract refuses them before any hash)', () => {
    expect(canonicalJson('\ud800')).not.toBe(canonicalJson('\udc00'));
    expect(canonicalJson('\ud800')).toBe('"\\ud800"');
  });
});
