import { describe, expect, it } from 'vitest';
import { parseIndexFile, sparseIndexPath } from './cratesIndex.ts';

describe('sparse index paths', () => {
  it.each([
    ['a', '1/a'],
    ['ab', '2/ab'],
    ['abc', '3/a/abc'],
    ['Serde', 'se/rd/serde'],
    ['shiplog-fixture-core', 'sh/ip/shiplog-fixture-core'],
  ])('puts %s at %s', (name, path) => {
    expect(sparseIndexPath(name)).toBe(path);
  });
});

describe('index files', () => {
  it('reads one entry per line and skips lines cargo could not read either', () => {
    const text = [
      JSON.stringify({ name: 'x', vers: '1.0.0', cksum: 'aa', yanked: false, deps: [] }),
      '{not json',
      JSON.stringify({ name: 'x', vers: '1.1.0', cksum: 'bb', yanked: true }),
      JSON.stringify({ name: 'x', vers: '1.2.0' }),
      '',
    ].join('\n');
    expect(parseIndexFile(text)).toEqual([
      { name: 'x', vers: '1.0.0', cksum: 'aa', yanked: false },
      { name: 'x', vers: '1.1.0', cksum: 'bb', yanked: true },
    ]);
  });
});
