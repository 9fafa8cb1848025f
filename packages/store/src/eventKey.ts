import type { NewEvent } from './eventStore.ts';
import { storedValue } from './storedValue.ts';

/**
 * The source a stored CDEvent names (`context.source`), or '' when its text has none: what the
 * store keys a fact by, with its id, when the appender does not say. Used for appends without an
 * explicit `source` and to key records written before facts were keyed by source.
 */
export function sourceOfData(data: string): string {
  const context = (storedValue({ data }) as { context?: { source?: unknown } } | null | undefined)?.context;
  return typeof context?.source === 'string' ? context.source : '';
}

/**
 * A fact's identity as one string: (source, id), the idempotency key. JSON, so no choice of
 * source and id can spell another pair's key.
 */
export function eventKey(source: string, id: string): string {
  return JSON.stringify([source, id]);
}

/**
 * The events with their `source` filled in (from their data where the appender gave none).
 * Leaves what is not an event list as it is, for `assertValidAppend` to refuse.
 */
export function withSources(events: readonly NewEvent[]): readonly NewEvent[] {
  const list: unknown = events;
  if (!Array.isArray(list)) return events;
  return events.map((event) => {
    const given = event as Partial<NewEvent> | null;
    if (given === null || given.source !== undefined || typeof given.data !== 'string') return event;
    return { ...event, source: sourceOfData(given.data) };
  });
}

/** The source of an event already passed through {@link withSources}. */
export function sourceOf(event: NewEvent): string {
  return event.source ?? '';
}
