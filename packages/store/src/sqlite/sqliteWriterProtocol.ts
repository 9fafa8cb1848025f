import { StoreError, StoreErrorCode } from '../errors.ts';
import type { AppendResult, BatchAppend, ExpectedRevision, NewEvent } from '../eventStore.ts';

/** What the writer thread is started with. */
export interface WriterThreadData {
  readonly path: string;
  readonly synchronous: 'full' | 'normal';
  readonly busyTimeoutMs: number;
  readonly lockTimeoutMs: number;
}

export type WriterRequest =
  | {
      readonly id: number;
      readonly op: 'append';
      readonly streamId: string;
      readonly events: readonly NewEvent[];
      readonly expected: ExpectedRevision;
      readonly recordedAt: string;
    }
  | {
      readonly id: number;
      readonly op: 'appendBatch';
      readonly appends: readonly BatchAppend[];
      readonly recordedAt: string;
    }
  | { readonly id: number; readonly op: 'setMetadata'; readonly streamId: string; readonly json: string };

export interface SerializedError {
  readonly code: StoreErrorCode;
  readonly message: string;
  readonly cause?: string;
}

export type WriterReply =
  | { readonly id: number; readonly ok: true; readonly value: AppendResult | AppendResult[] | null }
  | { readonly id: number; readonly ok: false; readonly error: SerializedError };

/** A StoreError as plain data: structured clone keeps neither its class nor its code. */
export function serializeError(err: unknown): SerializedError {
  if (err instanceof StoreError) {
    const cause = err.cause instanceof Error ? err.cause.message : undefined;
    return { code: err.code, message: err.message, ...(cause === undefined ? {} : { cause }) };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: StoreErrorCode.Unavailable, message: `the ledger writer failed: ${message}` };
}

export function deserializeError(error: SerializedError): StoreError {
  const options = error.cause === undefined ? undefined : { cause: new Error(error.cause) };
  return new StoreError(error.code, error.message, options);
}
