import type { EventStore } from '@shiplog/store';

export interface FollowOptions {
  /** Stop following when this aborts (the promise then resolves). */
  readonly signal?: AbortSignal;
  /** Called after each catch-up with the number of events it applied. */
  readonly onApplied?: (applied: number) => void;
}

interface FollowParts extends FollowOptions {
  readonly store: EventStore;
  readonly catchUp: () => Promise<number>;
  readonly position: () => number;
  /** Registers a stop function called when the projections close; returns its unregistration. */
  readonly onClose: (stop: () => void) => () => void;
}

/**
 * Keeps the read models live: a catch-up subscription on the log from the checkpoint, each
 * delivery past the checkpoint triggering a checkpointed catch-up (which applies everything
 * recorded so far, in pages), so deliveries already applied are skipped without work.
 */
export async function followLog(parts: FollowParts): Promise<void> {
  if (parts.signal?.aborted === true) return;
  // Not `onApplied?.(await catchUp())`: an absent callback would skip the catch-up itself.
  const first = await parts.catchUp();
  parts.onApplied?.(first);
  const subscription = parts.store.subscribeToAll({ afterPosition: parts.position() });
  let stopped = false;
  const stop = (): void => {
    stopped = true;
    void subscription.close();
  };
  parts.signal?.addEventListener('abort', stop, { once: true });
  const unregister = parts.onClose(stop);
  try {
    for await (const record of subscription) {
      if (stopped) break;
      if (record.position <= parts.position()) continue;
      const applied = await parts.catchUp();
      parts.onApplied?.(applied);
    }
  } finally {
    parts.signal?.removeEventListener('abort', stop);
    unregister();
    await subscription.close();
  }
}
