import { describe, expect, it } from 'vitest';
import { errorDetail, retryAfterOf } from './http.ts';

const now = new Date('2026-03-01T10:00:00Z');

describe('retry times', () => {
  it('reads Retry-After seconds against the clock', () => {
    expect(retryAfterOf('120', '', now)).toEqual(new Date('2026-03-01T10:02:00Z'));
  });
  it('reads Retry-After as an HTTP date', () => {
    expect(retryAfterOf('Sun, 01 Mar 2026 10:05:00 GMT', '', now)).toEqual(new Date('2026-03-01T10:05:00Z'));
  });
  it("reads crates.io's message when there is no header", () => {
    const body = JSON.stringify({
      errors: [
        {
          detail:
            'You have published too many new crates. Please try again after Sun, 01 Mar 2026 10:10:00 GMT or email help@crates.io',
        },
      ],
    });
    expect(retryAfterOf(null, body, now)).toEqual(new Date('2026-03-01T10:10:00Z'));
  });
  it('gives none when nothing says when', () => {
    expect(retryAfterOf(null, 'slow down', now)).toBeUndefined();
  });
});

describe('error details', () => {
  it.each([
    [
      JSON.stringify({ errors: [{ detail: 'crate version `1.0.0` is already uploaded' }] }),
      'crate version `1.0.0` is already uploaded',
    ],
    [JSON.stringify({ error: 'unsupported registry call' }), 'unsupported registry call'],
    ['<html><body><h1>400 File already exists</h1></body></html>', '400 File already exists'],
  ])('reads %s', (body, detail) => {
    expect(errorDetail(body)).toBe(detail);
  });
});
