export const BusErrorCode = {
  Unavailable: 'BUS_UNAVAILABLE',
  PermissionDenied: 'BUS_PERMISSION_DENIED',
  Timeout: 'BUS_TIMEOUT',
  InvalidArgument: 'BUS_INVALID_ARGUMENT',
  NoStream: 'BUS_NO_STREAM',
  TopologyConflict: 'BUS_TOPOLOGY_CONFLICT',
  Closed: 'BUS_CLOSED',
  Failed: 'BUS_FAILED',
} as const;
export type BusErrorCode = (typeof BusErrorCode)[keyof typeof BusErrorCode];

/** Every error the bus throws; test it by `code`. The transport's own error is kept as `cause`. */
export class BusError extends Error {
  readonly code: BusErrorCode;
  constructor(code: BusErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * The event was stored (its acknowledgement is `stored`) but its answer did not come in time: the
 * consumer that answers (ingest) is down or behind. A retry with the same msgId is safe.
 */
export class AnswerTimeoutError extends BusError {
  readonly stored: { readonly stream: string; readonly seq: number };
  constructor(
    stored: { readonly stream: string; readonly seq: number },
    message: string,
    options?: ErrorOptions,
  ) {
    super(BusErrorCode.Timeout, message, options);
    this.stored = stored;
  }
}

/** Rethrows a timeout waiting for the answer to a stored event as an {@link AnswerTimeoutError}. */
export function answerTimeoutOf(
  err: unknown,
  stored: { readonly stream: string; readonly seq: number },
): unknown {
  if (!(err instanceof BusError) || err.code !== BusErrorCode.Timeout || err instanceof AnswerTimeoutError) {
    return err;
  }
  return new AnswerTimeoutError(
    stored,
    `${err.message}; the event is stored in ${stored.stream} at seq ${stored.seq}`,
    { cause: err },
  );
}
