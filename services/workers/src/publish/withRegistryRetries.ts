import { RegistryError, RegistryErrorCode } from '@shiplog/registries';

/** A rate limit waited out: until when the registry asked, and how long it took. */
export interface RegistryWait {
  readonly until: string;
  readonly waitedMs: number;
}

export interface RetryPolicy {
  /** Attempts for transient failures (5xx, refused connections) before giving up. */
  readonly attempts: number;
  /** The first backoff; doubled each time, with jitter. */
  readonly backoffMs: number;
  /** The longest `Retry-After` waited out; a registry asking for more fails the publish. */
  readonly maxWaitMs: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => Date;
}

export const defaultRetryPolicy: RetryPolicy = {
  attempts: 5,
  backoffMs: 500,
  maxWaitMs: 15 * 60_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => new Date(),
};

/**
 * Runs one registry call: a 429 is waited out until the time the registry named (and reported to
 * `onWait`, so the receipt records it); an unavailable registry is retried with exponential
 * backoff; anything else is final.
 */
export async function withRegistryRetries<T>(
  call: () => Promise<T>,
  policy: RetryPolicy,
  onWait: (wait: RegistryWait) => void,
): Promise<T> {
  let failures = 0;
  let waits = 0;
  for (;;) {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof RegistryError)) throw err;
      if (err.code === RegistryErrorCode.RateLimited) {
        const until = err.retryAfter ?? new Date(policy.now().getTime() + policy.backoffMs);
        const waitMs = Math.max(0, until.getTime() - policy.now().getTime());
        // A registry that keeps asking for more time is failing, not limiting.
        if (waitMs > policy.maxWaitMs || ++waits > 10) throw err;
        await policy.sleep(waitMs);
        onWait({ until: until.toISOString(), waitedMs: waitMs });
        continue;
      }
      failures += 1;
      if (err.code !== RegistryErrorCode.Unavailable || failures >= policy.attempts) throw err;
      const backoff = policy.backoffMs * 2 ** (failures - 1);
      await policy.sleep(backoff / 2 + Math.random() * (backoff / 2));
    }
  }
}
