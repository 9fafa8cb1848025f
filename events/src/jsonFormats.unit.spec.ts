import { describe, expect, it } from 'vitest';
import { isDateTime, isUri, isUriReference } from './jsonFormats.ts';

describe('string formats', () => {
  it.each([
    ['2023-03-20T14:27:05.315384Z', true],
    ['2024-02-29T00:00:00+01:00', true],
    ['2016-12-31T23:59:60Z', true],
    ['2023-02-29T00:00:00Z', false],
    ['2023-03-20T14:27:05', false],
    ['2023-03-20', false],
    ['2023-03-20T14:60:00Z', false],
  ])('date-time %s → %s', (text, valid) => expect(isDateTime(text)).toBe(valid));

  it.each([
    ['/event/source/123', true],
    ['https://example.com/a?b#c', true],
    ['pkg:npm/x@1', true],
    ['', true],
    ['has space', false],
    ['100%', false],
  ])('uri-reference %j → %s', (text, valid) => expect(isUriReference(text)).toBe(valid));

  it.each([
    ['https://myorg.com/schema/custom', true],
    ['urn:isbn:0451450523', true],
    ['/relative', false],
    ['nocolon', false],
  ])('uri %s → %s', (text, valid) => expect(isUri(text)).toBe(valid));
});
