import { StoreError, StoreErrorCode } from '../errors.ts';
import { eventKey } from '../eventKey.ts';
import type { AppendResult, BatchAppend, RecordedEvent } from '../eventStore.ts';
import { chainRecords } from './chainRecords.ts';
import type { LedgerHead } from './chainRecords.ts';
import { decideAppend } from './decideAppend.ts';
import type { StreamHead } from './decideAppend.ts';

/** What the ledger held when the plan was made: stream heads and the facts with the ids sent. */
export interface LedgerView {
  readonly ledger: LedgerHead;
  readonly heads: ReadonlyMap<string, StreamHead | undefined>;
  /** Recorded facts, by `eventKey(source, id)`. */
  readonly recorded: ReadonlyMap<string, RecordedEvent>;
  /** How many facts each id sent has in its id index (absent: none). */
  readonly indexed: ReadonlyMap<string, number>;
}

export interface AppendPlan {
  /** One result per append, in input order (duplicates answered with the stored records). */
  readonly results: AppendResult[];
  /** The records to commit in one ledger append, chained in order; empty when all were duplicates. */
  readonly records: RecordedEvent[];
  /** For each record, its revision in its id's index stream (after the facts already there). */
  readonly indexRevisions: number[];
}

/**
 * Plans a group of appends against one view of the ledger, one after another as if each saw the
 * ones before it (a later append to the same stream chains onto the earlier; a replay of an
 * earlier one is its duplicate). Pure. Any refused append refuses the group: all or none.
 */
export function planAppends(
  appends: readonly BatchAppend[],
  view: LedgerView,
  recordedAt: string,
): AppendPlan {
  const heads = new Map(view.heads);
  const recorded = new Map(view.recorded);
  const indexed = new Map(view.indexed);
  let ledger = view.ledger;
  const results: AppendResult[] = [];
  const records: RecordedEvent[] = [];
  const indexRevisions: number[] = [];
  for (const append of appends) {
    const head = heads.get(append.streamId);
    const found = append.events.map((event) => recorded.get(eventKey(event.source ?? '', event.id)));
    const decision = decideAppend(
      append.streamId,
      append.events,
      append.expectedRevision ?? 'any',
      head,
      found,
    );
    switch (decision.kind) {
      case 'conflict':
        throw new StoreError(StoreErrorCode.VersionConflict, decision.message);
      case 'reused':
        throw new StoreError(StoreErrorCode.EventIdReused, decision.message);
      case 'duplicate':
        results.push(resultOf(decision.records, true, head?.revision));
        continue;
      case 'write':
        break;
    }
    const written = chainRecords(append.streamId, append.events, ledger, head, recordedAt);
    const last = written.at(-1) as RecordedEvent;
    ledger = { ledgerRevision: last.position - 1, hash: last.hash };
    heads.set(append.streamId, { revision: last.revision, hash: last.hash });
    for (const record of written) {
      recorded.set(eventKey(record.source, record.id), record);
      const count = indexed.get(record.id) ?? 0;
      indexRevisions.push(count);
      indexed.set(record.id, count + 1);
    }
    records.push(...written);
    results.push(resultOf(written, false, last.revision));
  }
  return { results, records, indexRevisions };
}

function resultOf(
  records: readonly RecordedEvent[],
  duplicate: boolean,
  revision: number | undefined,
): AppendResult {
  const last = records.reduce((a, b) => (b.position > a.position ? b : a));
  return {
    // For a duplicate, where the stream is now (it may have moved on since the replayed append).
    nextExpectedRevision: revision ?? Math.max(...records.map((record) => record.revision)),
    position: last.position,
    duplicate,
    records,
  };
}
