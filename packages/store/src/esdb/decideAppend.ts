import type { ExpectedRevision, NewEvent, RecordedEvent } from '../eventStore.ts';
import { meetsExpectation } from '../meetsExpectation.ts';

/** Where the target stream stands, as of the ledger head the decision was taken at. */
export interface StreamHead {
  readonly revision: number;
  readonly hash: string;
}

export type AppendDecision =
  | { readonly kind: 'write' }
  /** Every event is already recorded in this stream with the same content: answer with those records. */
  | { readonly kind: 'duplicate'; readonly records: readonly RecordedEvent[] }
  | { readonly kind: 'conflict'; readonly message: string }
  | { readonly kind: 'reused'; readonly message: string };

/**
 * Decides an append from what the ledger already holds: the stream head and, per event, the
 * record already stored under its key, (source, id), if any. Pure, so the rules are the same whoever wrote last:
 * a full replay is a no-op on every expected-revision path; otherwise the expectation is checked;
 * then any recorded key (other content, other stream, part of the batch) is refused.
 */
export function decideAppend(
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
  head: StreamHead | undefined,
  recorded: readonly (RecordedEvent | undefined)[],
): AppendDecision {
  const replay = recorded.every(
    (record, index) =>
      record !== undefined &&
      record.streamId === streamId &&
      record.type === events[index]?.type &&
      record.data === events[index]?.data,
  );
  if (replay) return { kind: 'duplicate', records: recorded as RecordedEvent[] };
  const current = head?.revision ?? -1;
  if (!meetsExpectation(expected, current)) {
    const at = current === -1 ? 'does not exist' : `is at revision ${current}`;
    return { kind: 'conflict', message: `stream ${streamId} ${at}; the append expected ${String(expected)}` };
  }
  const reused = recorded.findIndex((record) => record !== undefined);
  if (reused >= 0) {
    const record = recorded[reused] as RecordedEvent;
    const where = record.streamId === streamId ? 'with other content' : `in stream ${record.streamId}`;
    const message = `event id ${record.id} from source ${record.source} is already recorded ${where}`;
    return { kind: 'reused', message };
  }
  return { kind: 'write' };
}
