/*
 * The EventStoreDB adapter, and how it keeps ONE global hash chain with several writer processes.
 *
 * EventStoreDB has no multi-stream transaction, so every record goes on one physical stream, the
 * ledger (`<namespace>.ledger`, default `shiplog.ledger`), and the ledger append is the single
 * commit point. An append (or a group of them, `appendBatch`: one ledger append, all or none):
 *
 *   1. reads the ledger tail (its revision L and hash);
 *   2. heals it: makes sure the tail append's links exist (step 6);
 *   3. reads the target streams' heads and looks every event id up in the id index (every fact
 *      with that id, one per source: a fact is keyed by (source, id));
 *   4. decides (pure, `planAppends`/`decideAppend`): duplicate / version conflict / id reused / write;
 *   5. chains the new records onto the tail (prevHash) and the stream head (streamPrevHash) and
 *      appends them to the ledger expecting EXACTLY revision L, under fresh random event ids. If
 *      another writer took L+1 first, EventStoreDB answers WrongExpectedVersion: back off, go to 1.
 *      (Fresh ids matter: EventStoreDB would otherwise accept another writer's append of the same
 *      CDEvent at L+1 as an idempotent replay of ours, and both would believe they recorded it.)
 *   6. after the commit, writes links (`$>` events, data `<ledgerRevision>@<ledger>`): one per
 *      record into the user's stream at its exact revision, one into `<namespace>.id-<sha256(id)>`
 *      after the facts already indexed under that id, with EventStoreDB ids derived from the
 *      record's (source, id) (from its id alone for records written before facts were keyed by
 *      source, so their links repeat exactly), so repeating a link is a no-op.
 *
 * Why it holds with many writers and crashes: nothing is recorded until step 5 succeeds, and the
 * exact expected revision admits one append per ledger revision, so the global chain is the ledger
 * order and every prevHash names the true predecessor. Links are derived data: a writer that dies
 * between 5 and 6 leaves its append unlinked, and the next writer (or reader) heals it in step 2.
 * Every writer heals the tail before committing after it, so every append below the tail is
 * always fully linked; stream heads (revision, streamPrevHash) and id look-ups are therefore exact
 * as of the tail an append chains onto, and the expectation and idempotency checks are exact.
 * A tail that is not an intact append of ours (someone wrote to the ledger directly) is not linked.
 * This needs reads that see every acknowledged write: connect writers to the leader (the client's
 * default node preference), never with `nodePreference=follower`.
 *
 * What this buys: `readAll` is a plain read of the ledger (position = ledger revision + 1: dense,
 * strictly increasing), so `verifyChain` recomputes one chain across all writers; each record is
 * stored once (streams hold links, not copies), so altering it is caught wherever it is read;
 * idempotency is exact on every expected-revision path (the id index, not EventStoreDB's bounded
 * ANY cache); a restarted or second instance needs no local state.
 *
 * What it costs, honestly: all writers serialise on one stream, so throughput is one ledger append
 * per few round trips whatever the number of writers (group commit spreads that over many
 * appends); contended writers retry, and after `contentionTimeoutMs` an append fails
 * STORE_UNAVAILABLE (safe to retry). An append costs about four sequential round trips (tail;
 * heads and id look-ups; ledger; links), a stream read one more (the tail check). Category subscriptions read the whole ledger and filter here. EventStoreDB
 * sees each CDEvent as binary data on the ledger (kept byte-exact, which JSON events would not be)
 * and user streams as `$>` links, so tools reading EventStoreDB directly must resolve links, and
 * `$ce-`/`$et-` system projections see links (user streams) or the ledger, not both as one. A stream
 * version conflict is decided here, exactly, so it carries no library `cause`; library errors are
 * translated by `translateEsdbError`, keeping theirs. A link clash (streams written behind the
 * adapter's back) is CHAIN_BROKEN. Stream retention metadata is recorded, not enforced.
 */
import { EventStoreDBClient } from '@eventstore/db-client';
import { StoreError, StoreErrorCode } from '../errors.ts';
import { eventKey, withSources } from '../eventKey.ts';
import type { AppendResult, BatchAppend, EventStore, NewEvent, Subscription } from '../eventStore.ts';
import {
  assertValidAppend,
  assertValidEventId,
  assertValidKeys,
  assertValidMetadata,
  assertValidStreamId,
} from '../validateAppend.ts';
import { appendThroughLedger } from './appendThroughLedger.ts';
import { translateEsdbError } from './esdbErrors.ts';
import { readStreamMetadata, writeStreamMetadata } from './esdbMetadata.ts';
import { readAllRecords, readStreamRecords } from './esdbReads.ts';
import { healLedgerTail } from './ledgerLinks.ts';
import { readLedgerTail, readRecordedById } from './ledgerReads.ts';
import type { LedgerContext } from './ledgerReads.ts';
import { createLedgerSubscription } from './ledgerSubscription.ts';
import { mapInChunks } from './mapInChunks.ts';

export interface EsdbEventStoreOptions {
  /**
   * Prefix of the adapter's own streams: `<namespace>.ledger` and `<namespace>.id-…`. Every
   * writer of one ledger must use the same value; user stream ids may not start with it.
   * Default `shiplog`.
   */
  readonly namespace?: string;
  /** Time source for `recordedAt` (default: the system clock). */
  readonly clock?: () => Date;
  /** How long an append retries while other writers keep taking the ledger head (default 30 s). */
  readonly contentionTimeoutMs?: number;
  /** Events per read request (default 500). */
  readonly pageSize?: number;
}

/**
 * Opens the EventStoreDB event store at `connectionString` (`esdb://host:2113?tls=false`,
 * `esdb+discover://…`; `kurrentdb://…` is accepted as the same protocol). Checks the server
 * answers before returning (STORE_UNAVAILABLE otherwise).
 */
export async function createEsdbEventStore(
  connectionString: string,
  options: EsdbEventStoreOptions = {},
): Promise<EventStore> {
  const namespace = options.namespace ?? 'shiplog';
  if (!/^[A-Za-z0-9_]+$/.test(namespace)) {
    throw new StoreError(
      StoreErrorCode.InvalidArgument,
      `namespace ${namespace} must be letters, digits or _`,
    );
  }
  let client: EventStoreDBClient;
  try {
    client = EventStoreDBClient.connectionString(
      connectionString.replace(/^kurrentdb(\+discover)?:\/\//i, 'esdb$1://'),
    );
  } catch (error) {
    throw new StoreError(StoreErrorCode.InvalidArgument, `invalid EventStoreDB connection string`, {
      cause: error,
    });
  }
  const ctx: LedgerContext = {
    client,
    namespace,
    ledgerStream: `${namespace}.ledger`,
    clock: options.clock ?? (() => new Date()),
    contentionTimeoutMs: options.contentionTimeoutMs ?? 30_000,
    healedThrough: -1,
  };
  const pageSize = options.pageSize ?? 500;
  try {
    await readLedgerTail(ctx);
  } catch (error) {
    await client.dispose();
    throw translateEsdbError(error, 'connecting to EventStoreDB');
  }

  let closed = false;
  const subscriptions = new Set<Subscription>();
  const open = (): void => {
    if (closed) throw new StoreError(StoreErrorCode.Closed, 'the event store is closed');
  };
  const assertValidGroup = (appends: readonly BatchAppend[]): void => {
    for (const append of appends) {
      assertValidAppend(append.streamId, append.events, append.expectedRevision ?? 'any');
      assertUserStream(append.streamId);
      assertWellFormed(append.events);
    }
  };
  const assertUserStream = (streamId: unknown): void => {
    assertValidStreamId(streamId);
    if (streamId.startsWith('$') || streamId.startsWith(`${namespace}.`)) {
      throw new StoreError(StoreErrorCode.InvalidArgument, `stream id ${streamId} is reserved`);
    }
  };

  return {
    async appendToStream(streamId, events, appendOptions = {}) {
      open();
      const append = {
        streamId,
        events: withSources(events),
        expectedRevision: appendOptions.expectedRevision ?? 'any',
      };
      assertValidGroup([append]);
      const [result] = await appendThroughLedger(ctx, [append]);
      return result as AppendResult;
    },
    async appendBatch(sent) {
      open();
      const appends = sent.map((append) => ({ ...append, events: withSources(append.events) }));
      assertValidGroup(appends);
      if (appends.length === 0) return [];
      return appendThroughLedger(ctx, appends);
    },
    readStream(streamId, readOptions = {}) {
      return lazily(() => {
        open();
        assertUserStream(streamId);
        return readStreamRecords(ctx, streamId, readOptions, pageSize);
      });
    },
    readAll(readOptions = {}) {
      return lazily(() => {
        open();
        return readAllRecords(ctx, readOptions, pageSize);
      });
    },
    async readEvent(eventId, source) {
      open();
      assertValidEventId(eventId, source);
      await healLedgerTail(ctx, await readLedgerTail(ctx));
      const records = await readRecordedById(ctx, eventId);
      return source === undefined ? records[0] : records.find((record) => record.source === source);
    },
    async readEventsById(eventId) {
      open();
      assertValidEventId(eventId);
      await healLedgerTail(ctx, await readLedgerTail(ctx));
      return readRecordedById(ctx, eventId);
    },
    async readEvents(keys) {
      open();
      assertValidKeys(keys);
      if (keys.length === 0) return new Map();
      await healLedgerTail(ctx, await readLedgerTail(ctx));
      const ids = [...new Set(keys.map((key) => key.id))];
      const wanted = new Set(keys.map((key) => eventKey(key.source, key.id)));
      const records = (await mapInChunks(ids, (id) => readRecordedById(ctx, id))).flat();
      return new Map(
        records.flatMap((r) => {
          const key = eventKey(r.source, r.id);
          return wanted.has(key) ? [[key, r] as const] : [];
        }),
      );
    },
    subscribeToAll(subscribeOptions = {}) {
      open();
      const subscription = createLedgerSubscription(ctx, subscribeOptions);
      subscriptions.add(subscription);
      return {
        [Symbol.asyncIterator]: () => subscription[Symbol.asyncIterator](),
        close: async () => {
          subscriptions.delete(subscription);
          await subscription.close();
        },
      };
    },
    async getStreamMetadata(streamId) {
      open();
      assertUserStream(streamId);
      return readStreamMetadata(client, streamId);
    },
    async setStreamMetadata(streamId, metadata) {
      open();
      assertUserStream(streamId);
      assertValidMetadata(metadata);
      await writeStreamMetadata(client, streamId, metadata);
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...subscriptions].map((subscription) => subscription.close()));
      await client.dispose();
    },
  };
}

/** Checks and starts a read on the first `next()`, so every failure arrives through the iteration. */
async function* lazily<T>(start: () => AsyncIterable<T>): AsyncGenerator<T> {
  yield* start();
}

/** UTF-8 is how the data travels and is hashed: a lone surrogate would not survive the trip. */
function assertWellFormed(events: readonly NewEvent[]): void {
  for (const event of events) {
    const text = [event.data, event.id, event.type, event.source ?? ''];
    if (!text.every((part) => part.isWellFormed())) {
      throw new StoreError(
        StoreErrorCode.InvalidArgument,
        `event ${event.id}: text is not well-formed Unicode`,
      );
    }
  }
}
