import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from './benchArgs.ts';

describe('parseBenchArgs', () => {
  it('takes --quick after the `--` that ./dev bench -- --quick passes through', () => {
    expect(parseBenchArgs(['--', '--quick'], '/b')).toMatchObject({ quick: true, only: undefined });
    expect(parseBenchArgs(['--quick', '--only', 'append'], '/b')).toMatchObject({
      quick: true,
      only: ['append'],
    });
  });

  it('leaves the tracked bench/results.json alone unless --write is given', () => {
    expect(parseBenchArgs([], '/b').out).toBe(join('/b', 'out', 'results.json'));
    expect(parseBenchArgs(['--write'], '/b').out).toBe(join('/b', 'results.json'));
  });

  it('refuses an unknown option', () => {
    expect(() => parseBenchArgs(['--fast'], '/b')).toThrow(/--fast/);
  });
});
