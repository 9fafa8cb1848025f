import type { AppendResult, BatchAppend, EventStore } from './eventStore.ts';

/**
 * Appends several batches, with one transaction and one sync where the adapter offers group commit
 * (`EventStore.appendBatch`), else one after another (then not atomic as a whole).
 */
export async function appendBatch(
  store: EventStore,
  appends: readonly BatchAppend[],
): Promise<AppendResult[]> {
  if (store.appendBatch !== undefined) return store.appendBatch(appends);
  const results: AppendResult[] = [];
  for (const a of appends) {
    results.push(
      await store.appendToStream(
        a.streamId,
        a.events,
        a.expectedRevision === undefined ? {} : { expectedRevision: a.expectedRevision },
      ),
    );
  }
  return results;
}
