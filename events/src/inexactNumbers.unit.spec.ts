import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inexactNumberProblems } from './inexactNumbers.ts';

describe('inexactNumberProblems', () => {
  it.each([
    ['{"a":1e999}', '/a'],
    ['{"a":-2e999}', '/a'],
    ['{"a":1e-400}', '/a'],
    ['{"a":[1,{"b":9007199254740993}]}', '/a/1/b'],
    ['[0.1,0.30000000000000001]', '/1'],
    ['{"k\\"x":{"y":[[1],[12345678901234567890]]}}', '/k"x/y/1/0'],
  ])('refuses %s at %s', (text, path) =>
    expect(inexactNumberProblems(text)).toEqual([
      expect.objectContaining({ code: 'FIELD_NUMBER_INEXACT', path }),
    ]),
  );

  it.each([
    '{"a":9007199254740992}',
    '{"a":1.0,"b":1e2,"c":-0,"d":5e-324}',
    '{"s":"1e999 9007199254740993"}',
  ])('accepts %s', (text) => expect(inexactNumberProblems(text)).toEqual([]));

  it('accepts every number as JSON.stringify writes it, wherever it sits', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(inexactNumberProblems(JSON.stringify(value))).toEqual([]);
      }),
    );
  });

  it('refuses every integer beyond 2^53 a double cannot hold, and one text per double it accepts', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 2n ** 53n + 1n, max: 2n ** 80n }), (n) => {
        const problems = inexactNumberProblems(`{"n":${n}}`);
        if (BigInt(Number(n)) !== n) expect(problems).toHaveLength(1);
        // Accepted only as the double's own shortest spelling: no two accepted texts read alike.
        if (problems.length === 0) expect(String(Number(n))).toBe(n.toString());
      }),
    );
  });

  it('finds an inexact number wherever it sits, however the text is spaced', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.constantFrom('1e999', '-9007199254740993', '0.30000000000000001'),
        fc.integer({ min: 0, max: 4 }),
        (value, n, indent) => {
          const text = JSON.stringify({ before: value, n: 'NUMBER', after: [value] }, null, indent).replace(
            '"NUMBER"',
            n,
          );
          expect(inexactNumberProblems(text)).toEqual([expect.objectContaining({ path: '/n' })]);
        },
      ),
    );
  });
});
