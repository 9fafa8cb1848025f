import type { ReleasePackage } from '@shiplog/release';

/** Runs one package's publish after the pause its registry asks between uploads. */
export type Paced = <T extends { readonly status: string }>(
  pkg: ReleasePackage,
  publish: () => Promise<T>,
) => Promise<T>;

/**
 * Pacing per registry (`registry.paceSeconds`): publishes to one registry URL go one at a time,
 * each at least that long after the previous upload there; a package that uploaded nothing
 * (already published, failed before sending) does not start the pause. Registries without a pace
 * are not held back.
 */
export function registryPacing(
  onWait: (pkg: ReleasePackage, seconds: number) => void,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
): Paced {
  const lanes = new Map<string, Promise<unknown>>();
  const lastUpload = new Map<string, number>();
  return (pkg, publish) => {
    const seconds = pkg.registry.paceSeconds ?? 0;
    if (seconds === 0) return publish();
    const key = pkg.registry.url;
    const turn = (lanes.get(key) ?? Promise.resolve())
      .catch(() => undefined)
      .then(async () => {
        const wait = (lastUpload.get(key) ?? -Infinity) + seconds * 1000 - Date.now();
        if (wait > 0) {
          onWait(pkg, Math.ceil(wait / 1000));
          await sleep(wait);
        }
        const outcome = await publish();
        if (outcome.status === 'published') lastUpload.set(key, Date.now());
        return outcome;
      });
    lanes.set(key, turn);
    return turn;
  };
}
