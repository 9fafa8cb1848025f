import { StoreError, StoreErrorCode } from '../errors.ts';
import type { AppendResult, BatchAppend, ExpectedRevision, NewEvent, RecordedEvent } from '../eventStore.ts';

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

/** What the store added to one event: the rest of its record is in the request. */
export type RecordStamp = Omit<RecordedEvent, 'streamId' | 'id' | 'type' | 'data'>;

/**
 * An append's result as the thread sends it back: without the events' own fields, which every
 * record (a duplicate's too: same stream, type and data by definition) shares with the request.
 * Copying each event's data back across threads cost the ingest thread a twentieth of its time.
 */
export interface SlimResult extends Omit<AppendResult, 'records'> {
  readonly stamps: readonly RecordStamp[];
}

export function slimResult(result: AppendResult): SlimResult {
  const { records, ...rest } = result;
  return {
    ...rest,
    stamps: records.map(({ streamId: _s, id: _i, type: _t, data: _d, ...stamp }) => stamp),
  };
}

/** The full result again, from the thread's stamps and the events the request carried. */
export function restoreResult(slim: SlimResult, streamId: string, events: readonly NewEvent[]): AppendResult {
  const { stamps, ...rest } = slim;
  return {
    ...rest,
    records: stamps.map((stamp, i) => {
      const event = events[i] as NewEvent;
      return { ...stamp, streamId, id: event.id, type: event.type, data: event.data };
    }),
  };
}

export type WriterReply =
  | { readonly id: number; readonly ok: true; readonly value: SlimResult | SlimResult[] | null }
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
