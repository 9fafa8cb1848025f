// Changes from the first draft (store helper), kept small because the ESDB adapter codes against it:
// - No signature changed. Documentation only: what "same content" means for idempotency (type + data
//   bytes; producer and recorded-at are not content, so a retry through another path is still the
//   same fact), that an empty batch is refused (INVALID_ARGUMENT), that a batch partly made of
//   recorded ids is refused as EVENT_ID_REUSED, and which fields the record hash covers (not
//   `position`: EventStoreDB assigns it after the write, so no adapter can hash it beforehand).
// - `readEvent` was added by the lead engineer afterwards, and `readEvents` (its batched form) later;
//   both adapters implement them and the contract suite covers them.
// - Facts are keyed by (source, id), as CDEvents makes them unique (issue #14): `NewEvent.source`,
//   `RecordedEvent.source`, `readEvent(id, source?)`, `readEventsById`, and `readEvents` takes keys.
//   The record hash is unchanged (it covers `data`, which names the source), so old ledgers verify.

/**
 * The EventStore port: what shiplog needs from an event store, whichever adapter serves it
 * (embedded SQLite or EventStoreDB). Every adapter passes the one contract suite in `./testing`.
 */

/** Where an append expects the stream to be: anywhere, absent, present, or at an exact revision. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

/**
 * An event to append. `data` is the original CDEvent exactly as the producer sent it (JSON text).
 * A fact's identity (the idempotency key) is (source, id), as CDEvents defines it: two producers
 * may both use id "42" and both be recorded.
 */
export interface NewEvent {
  /** The CDEvent `context.id`: unique within its source. */
  readonly id: string;
  /**
   * The CDEvent `context.source`, which the store does not parse out of `data` when given (the
   * recorder gives it; it must be the one in `data`). Absent: read from `data`, '' when it has none.
   */
  readonly source?: string;
  /** The CDEvent type, e.g. `dev.cdevents.service.deployed.0.3.0`. */
  readonly type: string;
  /** The CDEvent verbatim, as JSON text. Never re-serialised by the store. */
  readonly data: string;
  /** Who sent it (NATS credentials name, API token subject, `cli`…). */
  readonly producer?: string;
}

/** A stored event: the CDEvent verbatim plus ledger metadata. */
export interface RecordedEvent {
  readonly streamId: string;
  /** 0-based revision within the stream. */
  readonly revision: number;
  /** Position in the global log: strictly increasing in commit order (not necessarily dense). */
  readonly position: number;
  readonly id: string;
  /**
   * The CDEvent `context.source`: with `id`, the fact's identity. Not hashed separately: the hash
   * covers `data`, which carries it.
   */
  readonly source: string;
  readonly type: string;
  readonly data: string;
  readonly producer: string;
  /** RFC 3339 time the store recorded it. */
  readonly recordedAt: string;
  /** Hash of the previous record in the global log (all zeros for the first). */
  readonly prevHash: string;
  /** Hash of the previous record in the same stream (all zeros for revision 0). */
  readonly streamPrevHash: string;
  /**
   * sha256 hex over prevHash, streamPrevHash and the canonical encoding of this record
   * (`canonicalRecord`: streamId, revision, id, type, producer, recordedAt, data — not position).
   */
  readonly hash: string;
}

export interface AppendOptions {
  readonly expectedRevision?: ExpectedRevision;
}

export interface AppendResult {
  /** The stream's revision after the append (its last event's revision; for a duplicate, the stream's current one). */
  readonly nextExpectedRevision: number;
  /** Global position of the last event of this append. */
  readonly position: number;
  /** True when every event was already there with the same content (idempotent no-op). */
  readonly duplicate: boolean;
  /** The records, as stored (the earlier records for a duplicate). */
  readonly records: readonly RecordedEvent[];
}

/** One append of a group commit. */
export interface BatchAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expectedRevision?: ExpectedRevision;
}

export interface ReadStreamOptions {
  readonly direction?: 'forwards' | 'backwards';
  /** Start here (inclusive); defaults to the start (forwards) or the end (backwards). */
  readonly fromRevision?: number;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Start after this position (exclusive); defaults to the beginning. */
  readonly afterPosition?: number;
  readonly maxCount?: number;
}

/** Catch-up subscription: history from a checkpoint, then live, in global order, no gaps, no duplicates. */
export interface SubscribeOptions {
  /** Resume after this global position (exclusive); undefined means from the beginning. */
  readonly afterPosition?: number;
  /** Only streams of this category: the stream id's text before its first `-` (`release-r1` → `release`). */
  readonly category?: string;
}

export interface Subscription extends AsyncIterable<RecordedEvent> {
  /** Stop delivering; the iterator ends. */
  close(): Promise<void>;
}

/** A fact's identity: the CDEvent's source and its id. */
export interface EventKey {
  readonly source: string;
  readonly id: string;
}

export interface StreamMetadata {
  /** Retention: keep at most this many events (older ones may be scavenged). */
  readonly maxCount?: number;
  /** Retention: keep events at most this many seconds. */
  readonly maxAgeSeconds?: number;
  readonly [key: string]: unknown;
}

export interface EventStore {
  /**
   * Appends `events` (at least one) atomically: all are recorded, or none.
   *
   * Idempotency is by (source, id), on every expected-revision path: when every event of the batch
   * is already recorded under its (source, id) in this stream with the same content (same `type`
   * and byte-identical `data`), nothing is written and the result has `duplicate: true` with the
   * stored records. When any (source, id) is already recorded and the batch is not such a replay
   * (different content, another stream, or only part of the batch), it throws `EVENT_ID_REUSED`
   * and writes nothing. The same id from another source is another fact. Otherwise a failed
   * expectation throws `STREAM_VERSION_CONFLICT`; a (source, id) repeated within the batch or an
   * empty batch throws `INVALID_ARGUMENT`.
   */
  appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult>;
  /** Throws `STREAM_NOT_FOUND` for a stream with no events. */
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /**
   * The record of one fact, wherever it is stored; undefined when never recorded. With `source`,
   * the fact (source, id); without, the first recorded fact with that id (ids are unique per
   * source only: where that matters, as in `shiplog why ID`, ask `readEventsById`).
   */
  readEvent(eventId: string, source?: string): Promise<RecordedEvent | undefined>;
  /** Every fact recorded with this id, whatever its source, in log order; empty when none. */
  readEventsById(eventId: string): Promise<RecordedEvent[]>;
  /**
   * The records of several facts at once, keyed by `eventKey(source, id)`; facts never recorded
   * are absent. The ledger looks up a whole group of submissions with one call.
   */
  readEvents(keys: readonly EventKey[]): Promise<Map<string, RecordedEvent>>;
  /**
   * Group commit: several appends, each with `appendToStream`'s semantics, made durable together
   * (one transaction, one sync) and all or none. Results are in input order.
   */
  appendBatch(appends: readonly BatchAppend[]): Promise<AppendResult[]>;
  subscribeToAll(options?: SubscribeOptions): Subscription;
  getStreamMetadata(streamId: string): Promise<StreamMetadata | undefined>;
  setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void>;
  close(): Promise<void>;
}
