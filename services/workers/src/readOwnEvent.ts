import { ProducerIdentity } from '@shiplog/ledger';
import type { EventStore, RecordedEvent } from '@shiplog/store';

const own = new Set<string>([ProducerIdentity.Workers, ProducerIdentity.Release]);

/**
 * The fact shiplog's workers or release runner recorded under `eventId`. An id is unique per source
 * only, and anyone may send an event with the id a worker will use: such an event is another fact,
 * never taken for the worker's own (its job is not skipped as done, nor its output read from it).
 */
export async function readOwnEvent(store: EventStore, eventId: string): Promise<RecordedEvent | undefined> {
  return (await store.readEventsById(eventId)).find((record) => own.has(record.producer));
}
