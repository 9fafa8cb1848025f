import { ProjectionsError, ProjectionsErrorCode } from '@shiplog/projections';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../command.ts';
import { flagOf, queryUsageError } from './queryUsageError.ts';

describe('a read query refused by the read models', () => {
  it('names the command line flags of the fields at fault', () => {
    const err = new ProjectionsError(ProjectionsErrorCode.InvalidQuery, 'since must be before until', {
      fields: ['since', 'until'],
    });
    const usage = queryUsageError(err);
    expect(usage).toBeInstanceOf(UsageError);
    expect(usage.message).toBe('since must be before until (--since, --until)');
    expect(usage.cause).toBe(err);
  });

  it('spells a field in two words as the flag is spelt', () => {
    expect(flagOf('knownAt')).toBe('--known-at');
    expect(flagOf('env')).toBe('--env');
  });
});
