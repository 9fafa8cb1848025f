import type { EventStore } from '@shiplog/store';
import type { CheckpointStore, StoredCheckpoint } from './checkpointStore.ts';
import { createCheckpoint } from './createCheckpoint.ts';
import type { NoteSigner } from './noteKey.ts';

export interface CheckpointingOptions {
  readonly store: Pick<EventStore, 'readAll' | 'subscribeToAll'>;
  readonly checkpoints: CheckpointStore;
  readonly signer: NoteSigner;
  /** Sign once this many records have been recorded since the last checkpoint. */
  readonly everyEvents: number;
  /** …or once this many milliseconds have passed with any new record. */
  readonly intervalMs: number;
  readonly onCheckpoint?: (checkpoint: StoredCheckpoint) => void;
  readonly onError?: (err: unknown) => void;
}

export interface Checkpointing {
  /** Stops following the log, after a last checkpoint of whatever was recorded meanwhile. */
  stop(): Promise<void>;
}

/**
 * Writes checkpoints as the log grows: every `everyEvents` records or `intervalMs`, whichever
 * comes first, one at a time, each costing only the records since the one before.
 */
export function startCheckpointing(options: CheckpointingOptions): Checkpointing {
  const latest = options.checkpoints.latest();
  const subscription = options.store.subscribeToAll(
    latest === undefined ? {} : { afterPosition: latest.lastPosition },
  );
  let pending = 0;
  let chain: Promise<void> = Promise.resolve();
  const sign = (): void => {
    if (pending === 0) return;
    pending = 0;
    chain = chain
      .then(async () => {
        const { checkpoint, created } = await createCheckpoint(options);
        if (created) options.onCheckpoint?.(checkpoint);
      })
      .catch((err: unknown) => options.onError?.(err));
  };
  const timer = setInterval(sign, options.intervalMs);
  timer.unref();
  const following = (async () => {
    for await (const record of subscription) {
      void record;
      pending += 1;
      if (pending >= options.everyEvents) sign();
    }
  })().catch((err: unknown) => options.onError?.(err));
  return {
    async stop() {
      clearInterval(timer);
      await subscription.close();
      await following;
      sign();
      await chain;
    },
  };
}
