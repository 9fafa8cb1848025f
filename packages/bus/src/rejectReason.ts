import { BusError, BusErrorCode } from './errors.ts';

/** Header carrying the reason of a rejected-log entry. */
export const rejectReasonHeader = 'Shiplog-Reject-Reason';

const maxReasonLength = 2_000;

/** A header value holds one line: control characters become spaces, and the length is bounded. */
export function sanitizeReason(reason: string): string {
  // eslint-disable-next-line no-control-regex
  const oneLine = reason.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return oneLine.length > maxReasonLength ? `${oneLine.slice(0, maxReasonLength - 1)}…` : oneLine;
}

/** The number of entries `readRejected` returns: a positive integer, 100 by default. */
export function rejectedLimit(limit: number | undefined): number {
  const value = limit ?? 100;
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new BusError(
      BusErrorCode.InvalidArgument,
      `readRejected limit must be a positive integer: ${value}`,
    );
  }
  return value;
}
