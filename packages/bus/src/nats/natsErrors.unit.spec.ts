import { errors } from '@nats-io/transport-node';
import { describe, expect, it } from 'vitest';
import { BusError, BusErrorCode } from '../errors.ts';
import { translateNatsError } from './natsErrors.ts';

describe('translateNatsError', () => {
  it.each([
    [new errors.PermissionViolationError('denied', 'publish', 'x'), BusErrorCode.PermissionDenied],
    [new errors.AuthorizationError('Authorization Violation'), BusErrorCode.PermissionDenied],
    [new errors.TimeoutError(), BusErrorCode.Timeout],
    [new errors.ClosedConnectionError(), BusErrorCode.Closed],
    [new errors.ConnectionError('refused'), BusErrorCode.Unavailable],
    [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), BusErrorCode.Unavailable],
    [
      new errors.RequestError('no responders', { cause: new errors.NoRespondersError('x') }),
      BusErrorCode.NoStream,
    ],
    [new Error('wrapped', { cause: new errors.TimeoutError() }), BusErrorCode.Timeout],
    [new Error('something else'), BusErrorCode.Failed],
  ])('maps %o', (error, code) => {
    const translated = translateNatsError(error, 'doing');
    expect(translated).toBeInstanceOf(BusError);
    expect(translated.code).toBe(code);
    expect(translated.cause).toBe(error);
  });

  it('passes a BusError through unchanged', () => {
    const original = new BusError(BusErrorCode.InvalidArgument, 'bad');
    expect(translateNatsError(original, 'doing')).toBe(original);
  });
});
