import { randomUUID } from 'node:crypto';
import { binaryEvent } from '@eventstore/db-client';
import type { EventData, RecordedEvent as EsdbRecordedEvent } from '@eventstore/db-client';
import { eventKey, sourceOfData } from '../eventKey.ts';
import type { RecordedEvent } from '../eventStore.ts';
import { eventUuid } from './eventUuid.ts';

/**
 * Schema tag of the ledger metadata, so a later layout can be told apart. v2 added `source` (facts
 * keyed by (source, id)); v1 records are read with the source their data names.
 */
const LEDGER_METADATA_VERSION = 'shiplog.ledger.v2';

/** A record as read back from the ledger stream, with the append (batch) it was part of. */
export interface LedgerRecord {
  readonly record: RecordedEvent;
  /** Ledger revision of the first record of the same append. */
  readonly batchStart: number;
  readonly batchSize: number;
  /**
   * Whether the record was written keyed by (source, id), with its source in the metadata; records
   * of earlier versions are not (their source is read from their data) and keep their link ids.
   */
  readonly keyed: boolean;
}

/** A record to link, and whether its links' ids derive from (source, id) or, as before, from its id. */
export interface LinkTarget {
  readonly record: RecordedEvent;
  readonly keyed: boolean;
}

/**
 * The EventStoreDB event for one record on the ledger stream: the CDEvent bytes verbatim as data
 * (binary, so the client never re-serialises them), our ledger fields as JSON metadata.
 */
export function ledgerEvent(record: RecordedEvent, batchStart: number, batchSize: number): EventData {
  const metadata = {
    v: LEDGER_METADATA_VERSION,
    id: record.id,
    source: record.source,
    streamId: record.streamId,
    revision: record.revision,
    producer: record.producer,
    recordedAt: record.recordedAt,
    prevHash: record.prevHash,
    streamPrevHash: record.streamPrevHash,
    hash: record.hash,
    batchStart,
    batchSize,
  };
  return binaryEvent({
    // A fresh id per attempt, never derived from ours: EventStoreDB's exact-revision idempotency
    // must not accept another writer's append of the same CDEvent as this one's (its recordedAt,
    // producer and hash differ); the id index is what makes a retry a no-op.
    id: randomUUID(),
    type: record.type,
    data: Buffer.from(record.data, 'utf8'),
    metadata,
  });
}

/**
 * A link (`$>`) to a ledger event: what user streams and id-index streams hold. Its EventStoreDB id
 * derives from the record's key, so repeating a link is a no-op; records written before facts were
 * keyed by source keep the id their links were written with (derived from the event id).
 */
export function linkEvent(role: 'link' | 'index', target: LinkTarget, ledgerStream: string): EventData {
  const { record, keyed } = target;
  const ledgerRevision = record.position - 1;
  return binaryEvent({
    id: eventUuid(role, keyed ? eventKey(record.source, record.id) : record.id),
    type: '$>',
    data: Buffer.from(`${ledgerRevision}@${ledgerStream}`, 'utf8'),
  });
}

/**
 * Reads a ledger event back. Anything that is not what this adapter writes (someone else appended
 * to the ledger) still becomes a record, with empty fields where ours are missing, so that
 * `verifyChain` reports it at its position instead of the read failing.
 */
export function fromLedgerEvent(event: EsdbRecordedEvent): LedgerRecord {
  const ledgerRevision = Number(event.revision);
  const meta = metadataObject(event.metadata);
  const text = (key: string): string => (typeof meta[key] === 'string' ? meta[key] : '');
  const integer = (key: string, fallback: number): number =>
    Number.isSafeInteger(meta[key]) ? (meta[key] as number) : fallback;
  const data =
    event.data instanceof Uint8Array ? Buffer.from(event.data).toString('utf8') : JSON.stringify(event.data);
  const keyed = typeof meta['source'] === 'string';
  return {
    record: {
      streamId: text('streamId'),
      revision: integer('revision', -1),
      position: ledgerRevision + 1,
      id: text('id'),
      source: keyed ? text('source') : sourceOfData(data),
      type: event.type,
      data,
      producer: text('producer'),
      recordedAt: text('recordedAt'),
      prevHash: text('prevHash'),
      streamPrevHash: text('streamPrevHash'),
      hash: text('hash'),
    },
    batchStart: integer('batchStart', ledgerRevision),
    batchSize: integer('batchSize', 1),
    keyed,
  };
}

function metadataObject(metadata: unknown): Record<string, unknown> {
  if (typeof metadata !== 'object' || metadata === null || metadata instanceof Uint8Array) return {};
  return metadata as Record<string, unknown>;
}
