import type { Emittable, Emitter, RecordAnswer } from './createEmitter.ts';
import { SdkError, SdkErrorCode } from './errors.ts';

export interface EmitManyOptions {
  /** Events in flight at once (default 64): over NATS, answers for many are awaited together. */
  readonly concurrency?: number;
  /** Called as each answer arrives (e.g. for progress); with {@link emitManySettled}, each failure too. */
  readonly onAnswer?: (answer: RecordAnswer, index: number) => void;
}

/** An emit that ended without the ledger's answer, and why. */
export interface FailedEmit {
  readonly status: 'failed';
  readonly error: SdkError;
}

/** Emits many events pipelined; resolves to the ledger's answers in input order (rejects on the first failure). */
export async function emitMany(
  emitter: Emitter,
  events: readonly Emittable[],
  options: EmitManyOptions = {},
): Promise<RecordAnswer[]> {
  return await inLanes(events, options, (event) => emitter.emit(event), options.onAnswer);
}

/**
 * As {@link emitMany}, but an event that gets no answer does not stop the others: its place in the
 * result says why (`status: 'failed'`), so a caller can report every event at the end.
 */
export async function emitManySettled(
  emitter: Emitter,
  events: readonly Emittable[],
  options: EmitManyOptions & { readonly onFailure?: (failed: FailedEmit, index: number) => void } = {},
): Promise<(RecordAnswer | FailedEmit)[]> {
  const settle = async (event: Emittable): Promise<RecordAnswer | FailedEmit> => {
    try {
      return await emitter.emit(event);
    } catch (err) {
      const error =
        err instanceof SdkError
          ? err
          : new SdkError(SdkErrorCode.NoAnswer, err instanceof Error ? err.message : String(err), {
              cause: err,
            });
      return { status: 'failed', error };
    }
  };
  return await inLanes(events, options, settle, (outcome, index) =>
    outcome.status === 'failed' ? options.onFailure?.(outcome, index) : options.onAnswer?.(outcome, index),
  );
}

async function inLanes<T>(
  events: readonly Emittable[],
  options: EmitManyOptions,
  emit: (event: Emittable) => Promise<T>,
  settled: ((outcome: T, index: number) => void) | undefined,
): Promise<T[]> {
  const outcomes = new Array<T>(events.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < events.length) {
      const index = next++;
      const outcome = await emit(events[index] as Emittable);
      outcomes[index] = outcome;
      settled?.(outcome, index);
    }
  };
  const lanes = Math.max(1, Math.min(options.concurrency ?? 64, events.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  return outcomes;
}
