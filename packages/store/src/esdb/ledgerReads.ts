import { BACKWARDS, END, FORWARDS, StreamNotFoundError } from '@eventstore/db-client';
import type { EventStoreDBClient } from '@eventstore/db-client';
import { StoreError, StoreErrorCode } from '../errors.ts';
import type { RecordedEvent } from '../eventStore.ts';
import { translateEsdbError } from './esdbErrors.ts';
import { idIndexStream } from './eventUuid.ts';
import { fromLedgerEvent } from './ledgerRecord.ts';
import type { LedgerRecord } from './ledgerRecord.ts';

/** What the append protocol needs: the client, the stream names, the clock, and what it has healed. */
export interface LedgerContext {
  readonly client: EventStoreDBClient;
  readonly ledgerStream: string;
  readonly namespace: string;
  readonly clock: () => Date;
  readonly contentionTimeoutMs: number;
  /** Ledger revision up to which this process knows every link and index entry is written. */
  healedThrough: number;
}

/** The last record of the ledger, if any. */
export async function readLedgerTail(ctx: LedgerContext): Promise<LedgerRecord | undefined> {
  const [tail] = await readLedger(ctx, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
  return tail;
}

/** Ledger records, as read from the ledger stream; none when it does not exist yet. */
export async function readLedger(
  ctx: LedgerContext,
  options: {
    direction: typeof FORWARDS | typeof BACKWARDS;
    fromRevision: bigint | typeof END;
    maxCount: number;
  },
): Promise<LedgerRecord[]> {
  const records: LedgerRecord[] = [];
  try {
    // The leader only: a follower's lagging view would let an append chain onto a stale head.
    for await (const resolved of ctx.client.readStream(ctx.ledgerStream, {
      ...options,
      requiresLeader: true,
    })) {
      if (resolved.event !== undefined) records.push(fromLedgerEvent(resolved.event));
    }
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw translateEsdbError(error, 'reading the ledger');
  }
  return records;
}

/** The ledger records a link stream's events resolve to, in the order read. */
export async function readLinked(
  ctx: LedgerContext,
  stream: string,
  options: {
    direction: typeof FORWARDS | typeof BACKWARDS;
    fromRevision: bigint | 'start' | 'end';
    maxCount: number;
  },
): Promise<RecordedEvent[] | undefined> {
  const records: RecordedEvent[] = [];
  let dangling = false;
  try {
    // Read to the end even past a bad link: a read abandoned midway leaves the client's gRPC
    // stream unconsumed, and the client's dispose() then waits for it forever.
    const reading = ctx.client.readStream(stream, { ...options, resolveLinkTos: true, requiresLeader: true });
    for await (const resolved of reading) {
      if (resolved.event === undefined || resolved.link === undefined) dangling = true;
      else records.push(fromLedgerEvent(resolved.event).record);
    }
  } catch (error) {
    if (error instanceof StreamNotFoundError) return undefined;
    throw translateEsdbError(error, `reading ${stream}`);
  }
  if (dangling) {
    throw new StoreError(StoreErrorCode.ChainBroken, `${stream}: a link to the ledger does not resolve`);
  }
  return records;
}

/**
 * Every record stored under a CDEvent id, whatever its source, in ledger order, through the id
 * index (one stream per id, one link per fact); empty when never recorded.
 */
export async function readRecordedById(ctx: LedgerContext, id: string): Promise<RecordedEvent[]> {
  return (
    (await readLinked(ctx, idIndexStream(ctx.namespace, id), {
      direction: FORWARDS,
      fromRevision: 'start',
      maxCount: Number.MAX_SAFE_INTEGER,
    })) ?? []
  );
}
