import { ProducerIdentity, producerMatches } from './producerIdentity.ts';

/**
 * Who `deployed` believes about what runs. Every snapshot is recorded and judged, whoever sent it
 * (its drift is a recorded violation); but the observed view counts only snapshots from these
 * producers, so a forged clean snapshot cannot hide drift. By default: the embedded CLI (`local`,
 * `shiplog snapshot` on the ledger's own machine) and shiplog's own identities. An operator names
 * others (`api:ops`, `nats:snapshotter`, prefixes `api:*`) in SHIPLOG_SNAPSHOT_PRODUCERS.
 */
export const defaultSnapshotProducers: readonly string[] = Object.freeze([
  ProducerIdentity.Local,
  ProducerIdentity.Workers,
  ProducerIdentity.Release,
  ProducerIdentity.Ledger,
]);

/** The producers trusted for snapshots: the default ones and those the operator names. */
export function snapshotProducers(named: readonly string[] = []): readonly string[] {
  return [...new Set([...defaultSnapshotProducers, ...named])];
}

/** Whether the observed view counts a snapshot recorded from `producer` (patterns as `producerPattern`). */
export function trustsSnapshot(producers: readonly string[], producer: string): boolean {
  return producers.some((pattern) => producerMatches(pattern, producer));
}
