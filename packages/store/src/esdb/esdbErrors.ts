import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  NotLeaderError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { StoreError, StoreErrorCode } from '../errors.ts';

/**
 * Translates whatever `@eventstore/db-client` threw into a `StoreError`, keeping the library
 * error as `cause`. Every call into the client goes through this at the adapter's boundary.
 */
export function translateEsdbError(error: unknown, doing: string): StoreError {
  if (error instanceof StoreError) return error;
  if (error instanceof WrongExpectedVersionError) {
    return new StoreError(StoreErrorCode.VersionConflict, `${doing}: stream ${error.streamName} moved`, {
      cause: error,
    });
  }
  if (error instanceof StreamNotFoundError) {
    return new StoreError(StoreErrorCode.StreamNotFound, `${doing}: stream ${error.streamName} not found`, {
      cause: error,
    });
  }
  if (error instanceof MaxAppendSizeExceededError) {
    return new StoreError(
      StoreErrorCode.InvalidArgument,
      `${doing}: larger than the server's maximum append size (${error.maxAppendSize} bytes)`,
      { cause: error },
    );
  }
  const reason =
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof CancelledError ||
    error instanceof NotLeaderError
      ? 'EventStoreDB is unavailable'
      : error instanceof AccessDeniedError
        ? 'EventStoreDB denied access'
        : 'EventStoreDB failed';
  // Anything else (unknown server errors, closed channels) is reported as unavailability: the
  // caller may retry, and every append is idempotent, so a retry never records a fact twice.
  return new StoreError(StoreErrorCode.Unavailable, `${doing}: ${reason}`, { cause: error });
}
