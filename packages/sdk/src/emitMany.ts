import type { Emittable, Emitter, RecordAnswer } from './createEmitter.ts';

export interface EmitManyOptions {
  /** Events in flight at once (default 64): over NATS, answers for many are awaited together. */
  readonly concurrency?: number;
  /** Called as each answer arrives (e.g. for progress). */
  readonly onAnswer?: (answer: RecordAnswer, index: number) => void;
}

/** Emits many events pipelined; resolves to the ledger's answers in input order. */
export async function emitMany(
  emitter: Emitter,
  events: readonly Emittable[],
  options: EmitManyOptions = {},
): Promise<RecordAnswer[]> {
  const answers = new Array<RecordAnswer>(events.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < events.length) {
      const index = next++;
      const answer = await emitter.emit(events[index] as Emittable);
      answers[index] = answer;
      options.onAnswer?.(answer, index);
    }
  };
  const lanes = Math.max(1, Math.min(options.concurrency ?? 64, events.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  return answers;
}
