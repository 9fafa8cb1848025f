import { EventEmitter } from 'node:events';

/** One event as the test server stores it: what EventStoreDB keeps in its transaction log. */
export interface StoredEvent {
  readonly streamName: string;
  readonly revision: number;
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
  /** .NET ticks (100 ns) since the Unix epoch, as EventStoreDB sends `created`. */
  readonly created: bigint;
  /** Commit and prepare position: the same number here, as for EventStoreDB's implicit transactions. */
  readonly position: number;
}

export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

/** `revision` -1 is EventStoreDB's "no stream". */
export type Expectation =
  | { readonly kind: 'any' }
  | { readonly kind: 'stream_exists' }
  | { readonly kind: 'revision'; readonly revision: number };

export type AppendOutcome =
  | { readonly kind: 'written'; readonly currentRevision: number; readonly position: number }
  /** Every id was already there: nothing written. */
  | { readonly kind: 'idempotent'; readonly currentRevision: number; readonly position: number }
  | { readonly kind: 'wrong_expected_version'; readonly currentRevision: number };

/** Stream metadata the server itself honours on reads (`$maxCount`, `$maxAge`, `$tb`). */
interface Retention {
  readonly maxCount?: number;
  readonly maxAgeSeconds?: number;
  readonly truncateBefore?: number;
}

const TICKS_PER_MILLISECOND = 10_000n;
// Fixed per-record overhead so positions look like log offsets (sparse, increasing), not counters.
const RECORD_OVERHEAD = 128;

/**
 * The in-memory transaction log behind the test server: streams, `$all` in commit order, the
 * expected-revision and idempotency rules of EventStoreDB, and a live feed for subscriptions.
 */
export class MemoryLog {
  readonly all: StoredEvent[] = [];
  readonly #streams = new Map<string, StoredEvent[]>();
  // EventStoreDB checks ANY/STREAM_EXISTS appends for duplicates only in a bounded cache of recent ids.
  readonly #recentIds = new Map<string, StoredEvent>();
  readonly #recentIdLimit: number;
  readonly #feed = new EventEmitter<{ appended: [StoredEvent] }>();
  #nextPosition = 0;
  /**
   * Test hook: appends to streams it accepts fail as if the connection dropped (UNAVAILABLE),
   * after everything before them was written: a writer dying between two of its appends.
   */
  refuseAppends: ((streamName: string) => boolean) | undefined;

  constructor(recentIdLimit: number) {
    this.#recentIdLimit = recentIdLimit;
    this.#feed.setMaxListeners(0);
  }

  lastRevision(streamName: string): number {
    return (this.#streams.get(streamName)?.length ?? 0) - 1;
  }

  stream(streamName: string): readonly StoredEvent[] | undefined {
    return this.#streams.get(streamName);
  }

  event(streamName: string, revision: number): StoredEvent | undefined {
    return this.#streams.get(streamName)?.[revision];
  }

  /** EventStoreDB's commit check (IndexWriter.CheckCommit): expectation, then idempotency, then write. */
  append(streamName: string, expectation: Expectation, proposed: readonly ProposedEvent[]): AppendOutcome {
    const current = this.lastRevision(streamName);
    const ids = proposed.map((event) => event.id);
    if (expectation.kind === 'stream_exists' && current === -1) {
      return { kind: 'wrong_expected_version', currentRevision: current };
    }
    if (expectation.kind !== 'revision') {
      // ANY / STREAM_EXISTS: a replay only if every id is in the bounded cache, for this stream.
      const cached = ids.map((id) => this.#recentIds.get(id));
      const found = cached.filter((event) => event?.streamName === streamName);
      if (found.length === ids.length && ids.length > 0) return this.#idempotent(found.at(-1) as StoredEvent);
      if (found.length > 0 && cached[0]?.streamName === streamName) {
        // EventStoreDB calls a half-matching replay "corrupted idempotency" and refuses it.
        return { kind: 'wrong_expected_version', currentRevision: current };
      }
      return this.#write(streamName, proposed);
    }
    if (expectation.revision === current) return this.#write(streamName, proposed);
    if (expectation.revision > current || ids.length === 0) {
      return { kind: 'wrong_expected_version', currentRevision: current };
    }
    // An exact revision in the past: a replay only if the ids follow it, in order.
    const events = this.#streams.get(streamName) ?? [];
    const replayed = ids.every((id, index) => events[expectation.revision + 1 + index]?.id === id);
    if (!replayed) return { kind: 'wrong_expected_version', currentRevision: current };
    return this.#idempotent(events[expectation.revision + ids.length] as StoredEvent);
  }

  /** Overwrites a stored event in place: the test hook standing in for someone editing the disk. */
  tamper(
    streamName: string,
    revision: number,
    patch: { data?: Uint8Array; customMetadata?: Uint8Array },
  ): void {
    const event = this.event(streamName, revision);
    if (event === undefined) throw new Error(`no event ${streamName}@${revision}`);
    if (patch.data !== undefined) event.data = patch.data;
    if (patch.customMetadata !== undefined) event.customMetadata = patch.customMetadata;
  }

  onAppended(listener: (event: StoredEvent) => void): () => void {
    this.#feed.on('appended', listener);
    return () => this.#feed.off('appended', listener);
  }

  /** Whether a read shows the event: `$tb`, `$maxCount` and `$maxAge` of its stream hide older ones. */
  isVisible(event: StoredEvent, now: number): boolean {
    const retention = this.#retention(event.streamName);
    const last = this.lastRevision(event.streamName);
    if (retention.truncateBefore !== undefined && event.revision < retention.truncateBefore) return false;
    if (retention.maxCount !== undefined && event.revision <= last - retention.maxCount) return false;
    if (retention.maxAgeSeconds !== undefined) {
      const createdMs = Number(event.created / TICKS_PER_MILLISECOND);
      if (createdMs < now - retention.maxAgeSeconds * 1000) return false;
    }
    return true;
  }

  /** Newer servers (IdempotentLogPosition) answer a replay with the last replayed event's position. */
  #idempotent(last: StoredEvent): AppendOutcome {
    return { kind: 'idempotent', currentRevision: last.revision, position: last.position };
  }

  #write(streamName: string, proposed: readonly ProposedEvent[]): AppendOutcome {
    const events = this.#streams.get(streamName) ?? [];
    const created = BigInt(Date.now()) * TICKS_PER_MILLISECOND;
    const written: StoredEvent[] = [];
    for (const event of proposed) {
      const stored: StoredEvent = {
        streamName,
        revision: events.length + written.length,
        id: event.id,
        type: event.type,
        contentType: event.contentType,
        data: event.data,
        customMetadata: event.customMetadata,
        created,
        position: this.#nextPosition,
      };
      this.#nextPosition +=
        RECORD_OVERHEAD + streamName.length + event.data.length + event.customMetadata.length;
      written.push(stored);
    }
    if (written.length === 0) {
      return { kind: 'written', currentRevision: events.length - 1, position: this.#nextPosition };
    }
    events.push(...written);
    this.#streams.set(streamName, events);
    this.all.push(...written);
    for (const stored of written) this.#remember(stored);
    for (const stored of written) this.#feed.emit('appended', stored);
    const last = written[written.length - 1] as StoredEvent;
    return { kind: 'written', currentRevision: last.revision, position: last.position };
  }

  #remember(event: StoredEvent): void {
    this.#recentIds.delete(event.id);
    this.#recentIds.set(event.id, event);
    if (this.#recentIds.size > this.#recentIdLimit) {
      const oldest = this.#recentIds.keys().next();
      if (oldest.done !== true) this.#recentIds.delete(oldest.value);
    }
  }

  #retention(streamName: string): Retention {
    if (streamName.startsWith('$$')) return {};
    const meta = this.#streams.get(`$$${streamName}`)?.at(-1);
    if (meta === undefined || meta.contentType !== 'application/json') return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(meta.data).toString('utf8'));
    } catch {
      return {};
    }
    if (typeof parsed !== 'object' || parsed === null) return {};
    const record = parsed as Record<string, unknown>;
    const integer = (value: unknown): number | undefined =>
      Number.isInteger(value) ? (value as number) : undefined;
    return {
      maxCount: integer(record['$maxCount']),
      maxAgeSeconds: integer(record['$maxAge']),
      truncateBefore: integer(record['$tb']),
    };
  }
}
