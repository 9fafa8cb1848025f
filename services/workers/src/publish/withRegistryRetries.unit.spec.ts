import { RegistryError, RegistryErrorCode } from '@shiplog/registries';
import { describe, expect, it } from 'vitest';
import type { RegistryWait, RetryPolicy } from './withRegistryRetries.ts';
import { withRegistryRetries } from './withRegistryRetries.ts';

/** A clock that moves only when the code under test sleeps. */
function fakeTime(): { policy: RetryPolicy; slept: number[] } {
  let now = Date.parse('2026-11-21T10:00:00Z');
  const slept: number[] = [];
  return {
    slept,
    policy: {
      attempts: 4,
      backoffMs: 100,
      maxWaitMs: 60_000,
      now: () => new Date(now),
      sleep: (ms) => {
        slept.push(ms);
        now += ms;
        return Promise.resolve();
      },
    },
  };
}

const rateLimited = (until: Date) =>
  new RegistryError(RegistryErrorCode.RateLimited, 'slow down', { status: 429, retryAfter: until });
const unavailable = () => new RegistryError(RegistryErrorCode.Unavailable, 'down', { status: 503 });

describe('withRegistryRetries', () => {
  it('waits a 429 out until the time the registry named, reports the wait, then succeeds', async () => {
    const { policy, slept } = fakeTime();
    const waits: RegistryWait[] = [];
    let calls = 0;
    const result = await withRegistryRetries(
      () =>
        ++calls === 1 ? Promise.reject(rateLimited(new Date('2026-11-21T10:00:30Z'))) : Promise.resolve('ok'),
      policy,
      (w) => waits.push(w),
    );
    expect(result).toBe('ok');
    expect(slept).toEqual([30_000]);
    expect(waits).toEqual([{ until: '2026-11-21T10:00:30.000Z', waitedMs: 30_000 }]);
  });

  it('fails at once when the registry asks for longer than the policy waits', async () => {
    const { policy, slept } = fakeTime();
    const call = () => Promise.reject(rateLimited(new Date('2026-11-21T11:00:00Z')));
    await expect(withRegistryRetries(call, policy, () => undefined)).rejects.toMatchObject({
      code: RegistryErrorCode.RateLimited,
    });
    expect(slept).toEqual([]);
  });

  it('retries an unavailable registry with growing backoff, then gives up with its error', async () => {
    const { policy, slept } = fakeTime();
    let calls = 0;
    const call = () => {
      calls++;
      return Promise.reject(unavailable());
    };
    await expect(withRegistryRetries(call, policy, () => undefined)).rejects.toMatchObject({
      code: RegistryErrorCode.Unavailable,
    });
    expect(calls).toBe(4);
    expect(slept).toHaveLength(3);
    slept.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual((100 * 2 ** i) / 2);
      expect(ms).toBeLessThanOrEqual(100 * 2 ** i);
    });
  });

  it('never retries a final answer (other bytes, refused credentials)', async () => {
    const { policy } = fakeTime();
    let calls = 0;
    const call = () => {
      calls++;
      return Promise.reject(new RegistryError(RegistryErrorCode.VersionExistsOtherBytes, 'taken'));
    };
    await expect(withRegistryRetries(call, policy, () => undefined)).rejects.toMatchObject({
      code: RegistryErrorCode.VersionExistsOtherBytes,
    });
    expect(calls).toBe(1);
  });
});
