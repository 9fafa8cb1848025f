import {
  MaxAppendSizeExceededError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { describe, expect, it } from 'vitest';
import { StoreError, StoreErrorCode } from '../errors.ts';
import { translateEsdbError } from './esdbErrors.ts';

describe('translateEsdbError', () => {
  it('maps the library errors to our codes and keeps them as cause', () => {
    const cases: [unknown, StoreErrorCode][] = [
      [
        new WrongExpectedVersionError(undefined, { streamName: 's', current: 1n, expected: 0n }),
        StoreErrorCode.VersionConflict,
      ],
      [new StreamNotFoundError(undefined, 's'), StoreErrorCode.StreamNotFound],
      [new UnavailableError(), StoreErrorCode.Unavailable],
      [MaxAppendSizeExceededError.fromMaxAppendSize(1024), StoreErrorCode.InvalidArgument],
      [new Error('socket hang up'), StoreErrorCode.Unavailable],
    ];
    for (const [error, code] of cases) {
      const translated = translateEsdbError(error, 'testing');
      expect(translated).toBeInstanceOf(StoreError);
      expect(translated.code).toBe(code);
      expect(translated.cause).toBe(error);
    }
  });

  it('passes our own errors through untouched', () => {
    const ours = new StoreError(StoreErrorCode.EventIdReused, 'reused');
    expect(translateEsdbError(ours, 'testing')).toBe(ours);
  });
});
