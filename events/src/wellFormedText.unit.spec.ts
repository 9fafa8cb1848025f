import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCDEvent } from './parseCDEvent.ts';
import { readEventDocuments } from './readEventDocuments.ts';
import { unsafeJsonProblems } from './unsafeJsonProblems.ts';

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((u) => String.fromCharCode(u));
const illFormed = fc
  .tuple(fc.string(), loneSurrogate, fc.string())
  .map(([a, s, b]) => a + s + b)
  .filter((text) => !text.isWellFormed());

// fast-check's JSON values are well-formed text; `__proto__` keys are refused for another reason.
const noProtoKeys = fc.jsonValue().filter((value) => !JSON.stringify(value).includes('"__proto__"'));

describe('ill-formed text (lone surrogates) is refused with its path', () => {
  it('in any string value or key, at any depth', () => {
    fc.assert(
      fc.property(
        illFormed,
        fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 4 }),
        fc.boolean(),
        (text, path, asKey) => {
          const leaf = asKey ? { [text]: 1 } : text;
          const value = path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), { x: leaf });
          const [problem] = unsafeJsonProblems(value);
          expect(problem?.code).toBe('FIELD_TEXT_ILL_FORMED');
          expect(problem?.path.startsWith(`/${[...path, 'x'].join('/')}`)).toBe(true);
        },
      ),
    );
  });

  it('accepts all well-formed text', () => {
    fc.assert(
      fc.property(noProtoKeys, (value) => {
        expect(unsafeJsonProblems(value)).toEqual([]);
      }),
    );
  });

  it('from a JSON text with a \\ud800 escape, at the event id', () => {
    const text = '{"context":{"id":"a\\ud800","type":"dev.cdevents.change.created.0.4.0"}}';
    const [document] = readEventDocuments(text);
    expect(document).toMatchObject({
      ok: false,
      problems: [{ code: 'FIELD_TEXT_ILL_FORMED', path: '/context/id' }],
    });
    expect(parseCDEvent(JSON.parse(text))).toMatchObject({ ok: false, problems: [{ path: '/context/id' }] });
  });

  it('keeps a surrogate pair (an emoji) as the text it is', () => {
    expect(unsafeJsonProblems({ id: 'ship-\ud83d\udea2' })).toEqual([]);
  });
});
