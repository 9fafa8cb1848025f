import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { EventStore, NewEvent, RecordedEvent } from '../eventStore.ts';

export type StoreGetter = () => EventStore;

/** A category nobody else uses (letters and digits only: categories end at the first `-`). */
export function uniqueCategory(prefix = 'c'): string {
  return `${prefix}${randomUUID().replaceAll('-', '').slice(0, 12)}`;
}

export function uniqueStream(category = 'contract'): string {
  return `${category}-${randomUUID()}`;
}

/**
 * A minimal CDEvent-shaped event with a fresh id; `data` is the JSON text of the event, naming
 * `source` (default `/contract`) and carrying `payload` when given (other content, same key).
 */
export function newEvent(
  overrides: Partial<NewEvent> = {},
  named: { readonly source?: string; readonly payload?: unknown } = {},
): NewEvent {
  const id = overrides.id ?? randomUUID();
  const data = JSON.stringify({
    context: {
      id,
      source: named.source ?? '/contract',
      type: 'dev.cdevents.test.happened.0.1.0',
      timestamp: '2026-01-01T00:00:00Z',
    },
    subject: { id: 's', content: named.payload === undefined ? {} : { payload: named.payload } },
  });
  return { id, type: 'dev.cdevents.test.happened.0.1.0', data, ...overrides };
}

export function newEvents(count: number): NewEvent[] {
  return Array.from({ length: count }, () => newEvent());
}

export async function collect(records: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for await (const record of records) all.push(record);
  return all;
}

/** Appends one event to a fresh stream and returns its position: everything after it is this test's. */
export async function markPosition(store: EventStore): Promise<number> {
  const result = await store.appendToStream(uniqueStream('mark'), [newEvent()]);
  return result.position;
}

/**
 * The next `count` records from an iterator, without ending it (a `for await` with `break`
 * would close a subscription). Fails rather than hangs when they do not come.
 */
export async function take(
  iterator: AsyncIterator<RecordedEvent>,
  count: number,
  timeoutMs = 15_000,
): Promise<RecordedEvent[]> {
  const taken: RecordedEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`only ${taken.length} of ${count} records arrived`)),
      timeoutMs,
    );
  });
  try {
    while (taken.length < count) {
      const next = await Promise.race([iterator.next(), timeout]);
      if (next.done === true) throw new Error(`subscription ended after ${taken.length} of ${count} records`);
      taken.push(next.value);
    }
    return taken;
  } finally {
    clearTimeout(timer);
  }
}

/** Asserts `promise` rejects with a store error of `code` (errors are tested by code). */
export async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code });
}

export function ids(records: readonly RecordedEvent[]): string[] {
  return records.map((record) => record.id);
}
