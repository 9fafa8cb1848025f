import { START } from '@eventstore/db-client';
import type { ResolvedEvent } from '@eventstore/db-client';
import type { StoreError } from '../errors.ts';
import type { RecordedEvent, SubscribeOptions, Subscription } from '../eventStore.ts';
import type { LedgerContext } from './ledgerReads.ts';
import { translateEsdbError } from './esdbErrors.ts';
import { fromLedgerEvent } from './ledgerRecord.ts';

// Pause the server's stream when this many records wait for the consumer; resume below half.
const HIGH_WATER = 512;

/** A stream id's category: its text before the first `-` (the whole id when it has none). */
export function categoryOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(0, dash);
}

/**
 * A catch-up subscription to the ledger stream (EventStoreDB delivers its history, then live
 * appends, in ledger order, gap-free). The category filter runs here because every record lives
 * on the one ledger stream; the server cannot filter on our metadata.
 */
export function createLedgerSubscription(ctx: LedgerContext, options: SubscribeOptions): Subscription {
  const after = options.afterPosition ?? 0;
  // Catch-up subscriptions start after the given revision; position p is ledger revision p - 1.
  const source = ctx.client.subscribeToStream(ctx.ledgerStream, {
    fromRevision: after > 0 ? BigInt(after - 1) : START,
  });
  const queue: RecordedEvent[] = [];
  let failure: StoreError | undefined;
  let ended = false;
  let closed = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };

  source.on('data', (resolved: ResolvedEvent) => {
    if (resolved.event === undefined) return;
    const record = fromLedgerEvent(resolved.event).record;
    if (options.category !== undefined && categoryOf(record.streamId) !== options.category) return;
    queue.push(record);
    if (queue.length >= HIGH_WATER) source.pause();
    notify();
  });
  source.on('error', (error: unknown) => {
    failure = translateEsdbError(error, 'subscribing to the ledger');
    notify();
  });
  source.on('end', () => {
    ended = true;
    notify();
  });

  let unsubscribing: Promise<void> | undefined;
  const unsubscribe = (): Promise<void> => (unsubscribing ??= source.unsubscribe());

  async function* deliver(): AsyncGenerator<RecordedEvent> {
    try {
      for (;;) {
        if (closed) return;
        const next = queue.shift();
        if (next !== undefined) {
          if (queue.length < HIGH_WATER / 2 && source.isPaused()) source.resume();
          yield next;
          continue;
        }
        if (failure !== undefined) throw failure;
        if (ended) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    } finally {
      // However the iteration ends (close, break, failure), the server stops sending.
      closed = true;
      void unsubscribe();
    }
  }

  const iterator = deliver();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close: async () => {
      closed = true;
      notify();
      await iterator.return(undefined);
      await unsubscribe();
    },
  };
}
