import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { approvalEnvironmentOf, environmentIdentity, environmentSkeleton } from './environmentIdentity.ts';

const guarded = ['production'];

describe('environment identity and look-alikes', () => {
  it.each([
    ['production', false],
    ['Production', false],
    ['PRODUCTION', false],
    ['ｐｒｏｄｕｃｔｉｏｎ', false],
    ['pr\u043eduction', true], // Cyrillic о
    ['pr\u03bfducti\u03bfn', true], // Greek ο
    ['prod\u200buction', true], // zero-width space
    ['pr0duction', true],
    ['PR\u041eDUCTION', true], // Cyrillic О, upper case
  ])('%s is the approval environment production (look-alike: %s)', (name, lookalike) => {
    expect(approvalEnvironmentOf(name, guarded)).toEqual({ environment: 'production', lookalike });
  });

  it.each(['staging', 'prod', 'productions', 'dev'])('%s is not', (name) => {
    expect(approvalEnvironmentOf(name, guarded)).toBeUndefined();
  });

  it('reads NFC and NFD spellings as one environment', () => {
    expect(environmentIdentity('caf\u00e9')).toBe(environmentIdentity('cafe\u0301'));
    expect(environmentIdentity('STRA\u1e9eE')).toBe(environmentIdentity('strasse'));
    expect(approvalEnvironmentOf('CAFE\u0301', ['caf\u00e9'])).toEqual({
      environment: 'caf\u00e9',
      lookalike: false,
    });
  });

  it('identity and skeleton are idempotent, and case never changes identity', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (name) => {
        const identity = environmentIdentity(name);
        expect(environmentIdentity(identity)).toBe(identity);
        expect(environmentIdentity(name.toUpperCase())).toBe(environmentIdentity(name.toLowerCase()));
        expect(environmentSkeleton(environmentSkeleton(name))).toBe(environmentSkeleton(name));
      }),
    );
  });
});
