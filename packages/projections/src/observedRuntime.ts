import { identityOfKey, runtimeDrift } from '@shiplog/ledger';
import type { ObservedRuntime } from './answers.ts';
import type { ProjectionQueries } from './sqlite/projectionQueries.ts';
import type { SnapshotRow } from './readModelRows.ts';
import { isoOf } from './time.ts';

/** The digests the deployment recorded for a service at an instant stands for; undefined when none was. */
function recordedDigests(
  queries: ProjectionQueries,
  env: string,
  service: string,
  atMs: number,
  knownMs: number,
): string[] | undefined {
  const row = queries.latest(env, service, atMs, knownMs);
  if (row === undefined || row.action === 'removed' || row.artifactId === null) return undefined;
  if (row.artifactKey === null) return [];
  const { digest, nameVersion } = identityOfKey(row.artifactKey);
  return digest !== null ? [digest] : queries.digestsOf(nameVersion ?? row.artifactKey);
}

function compare(
  queries: ProjectionQueries,
  env: string,
  service: string,
  snapshot: SnapshotRow,
  knownMs: number,
): ObservedRuntime {
  const digests = queries.observations(snapshot.position, service).map((o) => o.digest);
  const recorded = recordedDigests(queries, env, service, snapshot.atMs, knownMs);
  return {
    snapshotEventId: snapshot.eventId,
    at: isoOf(snapshot.atMs),
    producer: snapshot.producer,
    digests,
    drift: runtimeDrift({ recorded, observed: digests, complete: snapshot.complete }),
  };
}

/** Whether the observed view counts a snapshot its producer recorded (`trustsSnapshot`). */
export type SnapshotTrust = (producer: string) => boolean;

/**
 * What the latest trusted snapshot by `atMs` that looked at the service saw, judged by the ledger's
 * own drift rule against the deployment recorded at the snapshot's time; null when none did.
 */
export function observedRuntime(
  queries: ProjectionQueries,
  env: string,
  service: string,
  atMs: number,
  knownMs: number,
  trusted: SnapshotTrust,
): ObservedRuntime | null {
  const snapshot = queries.latestSnapshot(env, service, atMs, knownMs, trusted);
  return snapshot === undefined ? null : compare(queries, env, service, snapshot, knownMs);
}

/** Services the latest trusted snapshot saw running with no deployment recorded (`only`: one service). */
export function unrecordedRuntime(
  queries: ProjectionQueries,
  env: string,
  only: string | undefined,
  atMs: number,
  knownMs: number,
  trusted: SnapshotTrust,
): (ObservedRuntime & { service: string })[] {
  const snapshot = queries.latestSnapshot(env, null, atMs, knownMs, trusted);
  if (snapshot === undefined) return [];
  const services = [...new Set(queries.observations(snapshot.position, only ?? null).map((o) => o.service))];
  return services
    .filter((service) => recordedDigests(queries, env, service, atMs, knownMs) === undefined)
    .map((service) => ({ service, ...compare(queries, env, service, snapshot, knownMs) }));
}
