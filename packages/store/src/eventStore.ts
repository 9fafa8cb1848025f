/**
 * The EventStore port: what shiplog needs from an event store, whichever adapter serves it
 * (embedded SQLite or EventStoreDB). Every adapter passes the one contract suite in `./testing`.
 */

/** Where an append expects the stream to be: anywhere, absent, present, or at an exact revision. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

/** An event to append. `data` is the original CDEvent exactly as the producer sent it (JSON text). */
export interface NewEvent {
  /** The CDEvent `context.id`: the event id everywhere (idempotency key). */
  readonly id: string;
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
  readonly type: string;
  readonly data: string;
  readonly producer: string;
  /** RFC 3339 time the store recorded it. */
  readonly recordedAt: string;
  /** Hash of the previous record in the global log (all zeros for the first). */
  readonly prevHash: string;
  /** Hash of the previous record in the same stream (all zeros for revision 0). */
  readonly streamPrevHash: string;
  /** sha256 hex over prevHash, streamPrevHash and the canonical encoding of this record. */
  readonly hash: string;
}

export interface AppendOptions {
  readonly expectedRevision?: ExpectedRevision;
}

export interface AppendResult {
  /** The stream's revision after the append (its last event's revision). */
  readonly nextExpectedRevision: number;
  /** Global position of the last event of this append. */
  readonly position: number;
  /** True when every event was already there with the same content (idempotent no-op). */
  readonly duplicate: boolean;
  /** The records, as stored (the earlier records for a duplicate). */
  readonly records: readonly RecordedEvent[];
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
  /** Only streams of this category (`<category>-<id>`). */
  readonly category?: string;
}

export interface Subscription extends AsyncIterable<RecordedEvent> {
  /** Stop delivering; the iterator ends. */
  close(): Promise<void>;
}

export interface StreamMetadata {
  /** Retention: keep at most this many events (older ones may be scavenged). */
  readonly maxCount?: number;
  /** Retention: keep events at most this many seconds. */
  readonly maxAgeSeconds?: number;
  readonly [key: string]: unknown;
}

export interface EventStore {
  appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult>;
  /** Throws `STREAM_NOT_FOUND` for a stream with no events. */
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  subscribeToAll(options?: SubscribeOptions): Subscription;
  getStreamMetadata(streamId: string): Promise<StreamMetadata | undefined>;
  setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void>;
  close(): Promise<void>;
}
