import { setTimeout as sleep } from 'node:timers/promises';
import { StoreError, StoreErrorCode } from '../errors.ts';

const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_CONSTRAINT = 19;

function primaryCode(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null || !('errcode' in err)) return undefined;
  const code = err.errcode;
  return typeof code === 'number' ? code & 0xff : undefined;
}

/** SQLite answered "another connection holds the lock" (after its own busy timeout). */
export function isBusy(err: unknown): boolean {
  const code = primaryCode(err);
  return code === SQLITE_BUSY || code === SQLITE_LOCKED;
}

export function isConstraintViolation(err: unknown): boolean {
  return primaryCode(err) === SQLITE_CONSTRAINT;
}

/** Translates what SQLite throws (disk full, I/O error, corruption) into STORE_UNAVAILABLE, keeping the cause. */
export function asStoreError(err: unknown, what: string): StoreError {
  if (err instanceof StoreError) return err;
  const reason = err instanceof Error ? err.message : String(err);
  return new StoreError(StoreErrorCode.Unavailable, `${what} failed: ${reason}`, { cause: err });
}

/**
 * Runs `attempt` until it does not fail with SQLITE_BUSY, waiting between tries (asynchronously,
 * so this process keeps serving while another process writes), up to `lockTimeoutMs` in all.
 */
export async function retryWhileBusy<T>(attempt: () => T, lockTimeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + lockTimeoutMs;
  let delay = 2;
  for (;;) {
    try {
      return attempt();
    } catch (err) {
      if (!isBusy(err)) throw asStoreError(err, what);
      if (Date.now() >= deadline) {
        throw new StoreError(
          StoreErrorCode.Unavailable,
          `${what}: ledger stayed locked for ${lockTimeoutMs} ms`,
          {
            cause: err,
          },
        );
      }
      await sleep(delay + Math.random() * delay);
      delay = Math.min(delay * 2, 50);
    }
  }
}
