import type { EventStore } from '@shiplog/store';
import { LedgerError, LedgerErrorCode } from './errors.ts';
import { readFact } from './readFact.ts';
import type { RecordedFact } from './readFact.ts';

export interface AwaitFactOptions {
  /**
   * Look at facts recorded after this global position (exclusive): the position of a record the
   * caller read before its own look at the ledger (a run's start, say). The subscription catches up
   * from there, so a fact recorded between that read and the subscription's start is still seen.
   * 0 catches up from the beginning of the log.
   */
  readonly afterPosition: number;
  /** Give up at this time (epoch milliseconds): rejects with `WAIT_DEADLINE`. */
  readonly deadline: number;
  /** Aborting rejects the wait with `WAIT_ABORTED`, naming the signal's reason. */
  readonly signal?: AbortSignal;
  /** What is awaited, for the errors ("the builds of app, lib"). */
  readonly awaiting: string;
}

/**
 * Waits for the ledger to record what the caller needs: each fact recorded after `afterPosition`,
 * read once with `readFact` (records that read as nothing are skipped), is given to `check` in log
 * order; the wait ends with the first value `check` returns other than undefined. A fact `check`
 * does not care about is passed over. One catch-up subscription serves the whole wait; it is closed
 * however the wait ends (a value, an abort, the deadline, a `check` that throws).
 */
export async function awaitFact<T>(
  store: Pick<EventStore, 'subscribeToAll'>,
  options: AwaitFactOptions,
  check: (fact: RecordedFact) => T | undefined | Promise<T | undefined>,
): Promise<T> {
  const { signal, awaiting } = options;
  const aborted = (): LedgerError =>
    new LedgerError(
      LedgerErrorCode.WaitAborted,
      `stopped (${String(signal?.reason)}) while waiting for ${awaiting}`,
      { cause: signal?.reason },
    );
  if (signal?.aborted === true) throw aborted();
  const subscription = store.subscribeToAll({ afterPosition: options.afterPosition });
  const iterator = subscription[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new LedgerError(LedgerErrorCode.WaitDeadline, `${awaiting}: not recorded by the deadline`)),
      Math.max(0, options.deadline - Date.now()),
    );
    onAbort = () => reject(aborted());
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  stopped.catch(() => undefined); // raced below; never left unhandled
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), stopped]);
      if (next.done === true) {
        throw new LedgerError(LedgerErrorCode.WaitEnded, `the store closed while waiting for ${awaiting}`);
      }
      const fact = readFact(next.value);
      if (fact === undefined) continue;
      const found = await check(fact);
      if (found !== undefined) return found;
    }
  } finally {
    clearTimeout(timer);
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
    await subscription.close();
  }
}
