import type { RuntimeObservation } from '@shiplog/events';
import { SnapshotError, SnapshotErrorCode } from './snapshotErrors.ts';

/** One service seen running one digest, as a reader found it. */
export type Observation = RuntimeObservation & { readonly from: NonNullable<RuntimeObservation['from']> };

const pinned = /@(sha256:[0-9a-f]{64})$/;
const bare = /^(?:[a-z-]+:\/\/)?(sha256:[0-9a-f]{64})$/;

/**
 * The digest an image reference pins (`repo@sha256:…`, `docker-pullable://repo@sha256:…`), or a
 * bare `sha256:…`; undefined for a reference by tag only.
 */
export function digestOf(reference: string | undefined): string | undefined {
  if (reference === undefined) return undefined;
  const trimmed = reference.trim();
  return pinned.exec(trimmed)?.[1] ?? bare.exec(trimmed)?.[1];
}

/** The first of `labels` that `found` carries, as the service name. */
export function serviceFromLabels(
  found: Readonly<Record<string, string>> | null | undefined,
  labels: readonly string[],
): string | undefined {
  for (const label of labels) {
    const value = found?.[label];
    if (typeof value === 'string' && value.trim().length > 0) return value.trim();
  }
  return undefined;
}

/** One observation per (service, digest), instances added up, in service then digest order. */
export function mergeObservations(observations: readonly Observation[]): Observation[] {
  const merged = new Map<string, Observation>();
  for (const o of observations) {
    const key = `${o.service}\u0000${o.digest}`;
    const seen = merged.get(key);
    const instances = (seen?.instances ?? 0) + (o.instances ?? 0);
    merged.set(key, { ...(seen ?? o), ...(instances > 0 ? { instances } : {}) });
  }
  return [...merged.values()].sort(
    (a, b) => a.service.localeCompare(b.service) || a.digest.localeCompare(b.digest),
  );
}

/** Parses JSON input, saying where it came from when it is not JSON. */
export function parseJsonInput(text: string, where: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new SnapshotError(
      SnapshotErrorCode.InputMalformed,
      `${where}: not JSON (${err instanceof Error ? err.message : String(err)}); expected ${what}`,
      { cause: err },
    );
  }
}
