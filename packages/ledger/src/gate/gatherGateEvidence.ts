import { parseCDEvent } from '@shiplog/events';
import type { EventStore, RecordedEvent } from '@shiplog/store';
import { StoreError, StoreErrorCode, storedValue } from '@shiplog/store';
import type { ArtifactIdentity } from '../artifactIdentity.ts';
import { artifactStream, deploymentStream, deploymentStreamPrefix } from '../streamFor.ts';
import { defaultGatePolicy, effectiveGateRules } from './gatePolicy.ts';
import type { GatePolicy } from './gatePolicy.ts';
import type { GateEvidence } from './gateTypes.ts';

export interface GatherOptions {
  /** The policy whose prior environments to read (default: `defaultGatePolicy`). */
  readonly policy?: GatePolicy;
  /** Read only this service's deployment streams in prior environments. */
  readonly service?: string;
}

/** A recorded event as gate evidence; undefined for what is not a CDEvent (cannot be evidence). */
export function gateEvidenceOf(record: RecordedEvent): GateEvidence | undefined {
  // Evidence is checked against its type's schema again: a gate rests on it, so a cheap read is not enough.
  const parsed = parseCDEvent(storedValue(record));
  return parsed.ok
    ? { event: parsed.event, hash: record.hash, position: record.position, producer: record.producer }
    : undefined;
}

async function readStreamIfAny(store: EventStore, streamId: string): Promise<RecordedEvent[]> {
  const records: RecordedEvent[] = [];
  try {
    for await (const record of store.readStream(streamId)) records.push(record);
  } catch (err) {
    if (err instanceof StoreError && err.code === StoreErrorCode.StreamNotFound) return [];
    throw err;
  }
  return records;
}

async function readDeploymentStreams(store: EventStore, environment: string): Promise<RecordedEvent[]> {
  // Without a service, every `deployment-<environment>.*` stream counts; the port lists no streams,
  // so the log is scanned.
  const prefix = deploymentStreamPrefix(environment);
  const records: RecordedEvent[] = [];
  for await (const record of store.readAll()) if (record.streamId.startsWith(prefix)) records.push(record);
  return records;
}

/**
 * Reads what a gate decides on: the artifact's stream (by digest, and the events filed under its
 * name@version without a digest) and the deployment streams of the prior environments the policy
 * names for `environment`. Each piece of evidence keeps its ledger record hash and position.
 */
export async function gatherGateEvidence(
  store: EventStore,
  artifact: ArtifactIdentity,
  environment: string,
  options: GatherOptions = {},
): Promise<GateEvidence[]> {
  const streams = new Set<string>();
  const byDigest = artifactStream(artifact);
  if (byDigest !== undefined) streams.add(byDigest);
  if (artifact.nameVersion !== undefined) {
    const byName = artifactStream({ nameVersion: artifact.nameVersion });
    if (byName !== undefined) streams.add(byName);
  }
  const rules = effectiveGateRules(options.policy ?? defaultGatePolicy, 'deploy', environment);
  const records: RecordedEvent[] = [];
  for (const stream of streams) records.push(...(await readStreamIfAny(store, stream)));
  for (const prior of rules.priorEnvironments) {
    records.push(
      ...(options.service === undefined
        ? await readDeploymentStreams(store, prior)
        : await readStreamIfAny(store, deploymentStream({ environment: prior, service: options.service }))),
    );
  }
  const evidence = records.map(gateEvidenceOf).filter((e): e is GateEvidence => e !== undefined);
  return evidence.sort((a, b) => a.position - b.position);
}
