import type { NewEvent, RecordedEvent } from '../eventStore.ts';
import { recordHash, ZERO_HASH } from '../recordHash.ts';
import type { StreamHead } from './decideAppend.ts';

/** The global head the new records chain onto: the last ledger record, if any. */
export interface LedgerHead {
  /** Ledger stream revision of the last record (-1 for an empty ledger). */
  readonly ledgerRevision: number;
  readonly hash: string;
}

const DEFAULT_PRODUCER = 'unknown';

/**
 * The records an append will commit, chained onto the ledger head (global) and the stream head
 * (per stream). Positions are ledger revision + 1: dense, and known before the write because the
 * ledger append expects exactly `ledger.ledgerRevision`.
 */
export function chainRecords(
  streamId: string,
  events: readonly NewEvent[],
  ledger: LedgerHead,
  stream: StreamHead | undefined,
  recordedAt: string,
): RecordedEvent[] {
  let prevHash = ledger.ledgerRevision < 0 ? ZERO_HASH : ledger.hash;
  let streamPrevHash = stream?.hash ?? ZERO_HASH;
  let revision = stream?.revision ?? -1;
  return events.map((event, index) => {
    revision += 1;
    const fields = {
      streamId,
      revision,
      id: event.id,
      type: event.type,
      producer: event.producer ?? DEFAULT_PRODUCER,
      recordedAt,
      data: event.data,
    };
    const hash = recordHash(prevHash, streamPrevHash, fields);
    const record: RecordedEvent = {
      ...fields,
      source: event.source ?? '',
      position: ledger.ledgerRevision + 2 + index,
      prevHash,
      streamPrevHash,
      hash,
    };
    prevHash = hash;
    streamPrevHash = hash;
    return record;
  });
}
