import { StoreError, StoreErrorCode } from './errors.ts';
import { eventKey } from './eventKey.ts';
import type { EventKey, ExpectedRevision, NewEvent, StreamMetadata } from './eventStore.ts';

function invalid(message: string): StoreError {
  return new StoreError(StoreErrorCode.InvalidArgument, message);
}

/**
 * Refuses an append no adapter should attempt, before any I/O. Shared by every adapter. An event
 * without `source` is checked as keyed by source '' (adapters fill sources in first).
 */
export function assertValidAppend(
  streamId: unknown,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
): void {
  assertValidStreamId(streamId);
  const list: unknown = events;
  if (!Array.isArray(list) || events.length === 0) throw invalid('an append needs at least one event');
  const ids = new Set<string>();
  for (const event of events) {
    if (typeof event.id !== 'string' || event.id.length === 0)
      throw invalid('an event id must be a non-empty string');
    if (typeof event.type !== 'string' || event.type.length === 0) {
      throw invalid(`event ${event.id}: type must be a non-empty string`);
    }
    if (typeof event.data !== 'string') throw invalid(`event ${event.id}: data must be JSON text`);
    if (event.producer !== undefined && typeof event.producer !== 'string') {
      throw invalid(`event ${event.id}: producer must be a string`);
    }
    for (const field of ['id', 'type', 'data', 'producer', 'source'] as const) {
      const text = event[field];
      if (text !== undefined && typeof text === 'string' && !text.isWellFormed())
        throw invalid(
          `event ${JSON.stringify(event.id)}: ${field} holds a lone UTF-16 surrogate (ill-formed text)`,
        );
    }
    if (event.source !== undefined && typeof event.source !== 'string') {
      throw invalid(`event ${event.id}: source must be a string`);
    }
    const key = eventKey(event.source ?? '', event.id);
    if (ids.has(key)) {
      throw invalid(`event id ${event.id} from source ${event.source ?? ''} appears twice in one append`);
    }
    ids.add(key);
  }
  const named = expected === 'any' || expected === 'no_stream' || expected === 'stream_exists';
  if (!named && !(Number.isSafeInteger(expected) && expected >= 0)) {
    throw invalid(`expected revision ${String(expected)} is not any, no_stream, stream_exists or a revision`);
  }
}

export function assertValidStreamId(streamId: unknown): asserts streamId is string {
  if (typeof streamId !== 'string' || streamId.length === 0)
    throw invalid('a stream id must be a non-empty string');
  // A UTF-8 store would keep U+FFFD in place of a lone surrogate: two names would become one.
  if (!streamId.isWellFormed())
    throw invalid(`stream id ${JSON.stringify(streamId)} holds a lone UTF-16 surrogate (ill-formed text)`);
}

/** Metadata must be a plain JSON object; retention limits must be positive integers. */
export function assertValidMetadata(metadata: StreamMetadata): void {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw invalid('stream metadata must be an object');
  }
  for (const key of ['maxCount', 'maxAgeSeconds'] as const) {
    const value = metadata[key];
    if (value !== undefined && !(Number.isSafeInteger(value) && value > 0)) {
      throw invalid(`stream metadata ${key} must be a positive integer`);
    }
  }
}

/** An event id to look up: a non-empty string; a source, when given, a string. */
export function assertValidEventId(eventId: unknown, source?: unknown): void {
  if (typeof eventId !== 'string' || eventId.length === 0) {
    throw invalid('an event id must be a non-empty string');
  }
  if (source !== undefined && typeof source !== 'string') throw invalid('a source must be a string');
}

/** Facts to look up: each a non-empty id and a string source. */
export function assertValidKeys(keys: readonly EventKey[]): void {
  for (const key of keys) {
    const source: unknown = key.source;
    assertValidEventId(key.id);
    if (typeof source !== 'string') throw invalid('a source must be a string');
  }
}
