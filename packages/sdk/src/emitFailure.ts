import { AnswerTimeoutError, BusError, BusErrorCode } from '@shiplog/bus';
import { SdkError, SdkErrorCode } from './errors.ts';

/** The event an emit gave up on, and how. */
export interface EmitAttempt {
  readonly id: string;
  /** The subject the event was published on. */
  readonly subject: string;
  readonly attempt: number;
  /** How long each attempt waited for the answer. */
  readonly timeoutMs: number;
}

/**
 * The error an emit ends with, saying what went wrong rather than only that no answer came: a
 * permission the NATS user lacks (with the subject it was refused), an event stored but never
 * answered (ingest down or behind: it is kept, and recorded when ingest consumes it), or the
 * transport's own error.
 */
export function emitFailure(err: unknown, failed: EmitAttempt): SdkError {
  const { id, subject, attempt } = failed;
  if (err instanceof BusError && err.code === BusErrorCode.PermissionDenied) {
    return new SdkError(
      SdkErrorCode.PermissionDenied,
      `NATS refused event ${id} on ${subject}: ${err.message}. The NATS user may publish only ` +
        'under its own name in the namespace its permissions were generated for: check ' +
        'SHIPLOG_NATS_USER, its role (emitter) in deploy/nats/users.json, and SHIPLOG_NAMESPACE',
      { cause: err },
    );
  }
  const tries = attempt === 1 ? '1 attempt' : `${attempt} attempts`;
  if (err instanceof AnswerTimeoutError) {
    return new SdkError(
      SdkErrorCode.NoAnswer,
      `no answer from ingest for event ${id} after ${tries} of ${Math.round(failed.timeoutMs / 1000)} s ` +
        `each: the event is kept in ${err.stored.stream} (seq ${err.stored.seq}) and is recorded when ` +
        'ingest consumes it. Is `shiplog serve ingest` running against this NATS and namespace? ' +
        'Emitting it again is safe (same id)',
      { cause: err },
    );
  }
  const detail = err instanceof Error ? err.message : String(err);
  return new SdkError(SdkErrorCode.NoAnswer, `no answer for event ${id} after ${tries}: ${detail}`, {
    cause: err,
  });
}
