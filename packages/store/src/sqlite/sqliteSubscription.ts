import type { RecordedEvent, SubscribeOptions, Subscription } from '../eventStore.ts';

export interface SubscriptionSource {
  /** The next records after `afterPosition`, in position order. */
  readPage(afterPosition: number, limit: number, category?: string): RecordedEvent[];
  /** Calls `wake` after each append of this process; returns the unlisten function. */
  listen(wake: () => void): () => void;
  readonly pageSize: number;
  /** How often to look for appends of other processes. */
  readonly pollIntervalMs: number;
}

/**
 * A catch-up subscription over SQLite: pages of history, then the same query again whenever this
 * process appends or the poll interval passes (for other processes' appends).
 *
 * No gaps: SQLite has one writer at a time and positions are assigned as max + 1 inside that
 * writer's transaction, so a transaction holding a higher position always commits after every
 * lower one. Once a reader sees position p, every position below p is committed and visible;
 * resuming "after the last delivered position" therefore never skips one. No duplicates: the
 * query is strictly `position > last delivered`.
 */
export function createSqliteSubscription(
  source: SubscriptionSource,
  options: SubscribeOptions,
): Subscription {
  let closed = false;
  let wake: (() => void) | undefined;
  // Set by every append notice, so one that lands while the consumer is busy is not slept through.
  let appended = false;
  const wakeUp = (): void => {
    appended = true;
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const unlisten = source.listen(wakeUp);

  const waitForAppend = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(wakeUp, source.pollIntervalMs);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function* deliver(): AsyncGenerator<RecordedEvent> {
    let after = options.afterPosition ?? 0;
    try {
      while (!closed) {
        appended = false;
        const page = source.readPage(after, source.pageSize, options.category);
        for (const record of page) {
          if (closed) return;
          yield record;
          after = record.position;
        }
        if (page.length < source.pageSize && !appended && !closed) await waitForAppend();
      }
    } finally {
      unlisten();
    }
  }

  const iterator = deliver();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close: async () => {
      closed = true;
      wakeUp();
      unlisten();
      await iterator.return(undefined);
    },
  };
}
