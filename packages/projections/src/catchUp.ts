import type { EventStore } from '@shiplog/store';
import type { ProjectionWriter } from './sqlite/projectionWriter.ts';

/** Events per read-model transaction: large enough to amortise the commit, small enough to stay lean. */
export const PAGE_SIZE = 4096;

/**
 * Applies every event after the checkpoint, page by page, until the log is exhausted or an event
 * recorded after the replay's `until` is met. Each event's rows are written as it is read (so it
 * dies young and memory stays flat); each page and its checkpoint commit together. Returns how
 * many events were applied.
 */
export async function catchUp(store: EventStore, writer: ProjectionWriter): Promise<number> {
  let total = 0;
  for (;;) {
    const { position, untilMs } = writer.begin();
    let applied = 0;
    let last = position;
    let stop = false;
    try {
      for await (const record of store.readAll({ afterPosition: position, maxCount: PAGE_SIZE })) {
        if (untilMs !== undefined && Date.parse(record.recordedAt) > untilMs) {
          stop = true;
          break;
        }
        writer.apply(record);
        applied += 1;
        last = record.position;
      }
      writer.commit(last, applied);
    } catch (err) {
      writer.rollback();
      throw err;
    }
    total += applied;
    if (stop || applied < PAGE_SIZE) return total;
  }
}
