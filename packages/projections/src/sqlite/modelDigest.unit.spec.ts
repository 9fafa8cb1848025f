import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ModelDigest } from './modelDigest.ts';

const rows = fc.array(
  fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { minLength: 1, maxLength: 5 }),
  { maxLength: 30 },
);
const digestOf = (list: readonly (readonly unknown[])[]): ModelDigest => {
  const digest = new ModelDigest();
  for (const row of list) digest.add(row);
  return digest;
};

describe('ModelDigest', () => {
  it('does not depend on the order rows are added in', () => {
    fc.assert(
      fc.property(rows, (list) => {
        expect(digestOf([...list].reverse()).hex()).toBe(digestOf(list).hex());
      }),
    );
  });

  it('returns to the empty digest when every row is taken out again, and reads back from its hex', () => {
    fc.assert(
      fc.property(rows, rows, (kept, removed) => {
        const digest = digestOf([...kept, ...removed]);
        expect(ModelDigest.fromHex(digest.rows, digest.hex()).hex()).toBe(digest.hex());
        for (const row of removed) digest.add(row, -1);
        expect(digest.hex()).toBe(digestOf(kept).hex());
        expect(digest.rows).toBe(kept.length);
      }),
    );
    expect(new ModelDigest().hex()).toBe('0'.repeat(64));
  });

  it('moves with a changed value, a duplicated row, or a value of another type', () => {
    const base = digestOf([['a', 1, null]]).hex();
    expect(digestOf([['a', 2, null]]).hex()).not.toBe(base);
    expect(
      digestOf([
        ['a', 1, null],
        ['a', 1, null],
      ]).hex(),
    ).not.toBe(base);
    expect(digestOf([['a', '1', null]]).hex()).not.toBe(base);
  });
});
