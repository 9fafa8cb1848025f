import { errors, nkeys } from '@nats-io/transport-node';
import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import { BusError, BusErrorCode } from '../errors.ts';

/** Translates an error of the NATS client into a {@link BusError}, keeping it as `cause`. */
export function translateNatsError(err: unknown, doing: string): BusError {
  if (err instanceof BusError) return err;
  const code = classify(err);
  const detail = err instanceof Error ? err.message : String(err);
  return new BusError(code, `${doing}: ${detail}`, { cause: err });
}

function classify(err: unknown): BusErrorCode {
  for (const candidate of causeChain(err)) {
    if (
      candidate instanceof errors.PermissionViolationError ||
      candidate instanceof errors.AuthorizationError ||
      candidate instanceof errors.UserAuthenticationExpiredError
    ) {
      return BusErrorCode.PermissionDenied;
    }
    if (candidate instanceof errors.NoRespondersError) return BusErrorCode.NoStream;
    if (candidate instanceof JetStreamApiError && candidate.code === JetStreamApiCodes.StreamNotFound) {
      return BusErrorCode.NoStream;
    }
    if (candidate instanceof errors.TimeoutError) return BusErrorCode.Timeout;
    if (candidate instanceof errors.ClosedConnectionError) return BusErrorCode.Closed;
    if (candidate instanceof errors.DrainingConnectionError) return BusErrorCode.Closed;
    if (candidate instanceof errors.ConnectionError) return BusErrorCode.Unavailable;
    if (candidate instanceof Error && 'code' in candidate) {
      const code = (candidate as { code: unknown }).code;
      if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EHOSTUNREACH') {
        return BusErrorCode.Unavailable;
      }
    }
    if (candidate instanceof nkeys.NKeysError) return BusErrorCode.InvalidArgument;
    if (candidate instanceof errors.InvalidSubjectError) return BusErrorCode.InvalidArgument;
    if (candidate instanceof errors.InvalidArgumentError) return BusErrorCode.InvalidArgument;
  }
  return BusErrorCode.Failed;
}

function* causeChain(err: unknown): Generator<unknown> {
  let current: unknown = err;
  for (let depth = 0; current !== undefined && current !== null && depth < 8; depth++) {
    yield current;
    current = current instanceof Error ? current.cause : undefined;
  }
}
