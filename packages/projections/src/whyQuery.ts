import { artifactKeys, identityOfKey, isDigest, purlIdentity, readFact, storedEvent } from '@shiplog/ledger';
import type { LedgerFact } from '@shiplog/ledger';
import type { CDEvent } from '@shiplog/events';
import { instantMs } from '@shiplog/events';
import type { EventStore, RecordedEvent } from '@shiplog/store';
import type { ArtifactChain, WhyAnswer, WhyEvent } from './answers.ts';
import { ProjectionsError, ProjectionsErrorCode } from './errors.ts';
import type { ProjectionQueries } from './sqlite/projectionQueries.ts';
import { isoOf } from './time.ts';
import { whyChain } from './whyChain.ts';

const FOREVER = Number.MAX_SAFE_INTEGER;

/** `why`: resolves an event id, change id, digest or purl to artifacts and assembles their chains. */
export async function why(queries: ProjectionQueries, store: EventStore, text: string): Promise<WhyAnswer> {
  const resolved = await resolveKeys(queries, store, text);
  if (resolved === undefined || (resolved.keys.length === 0 && resolved.matched !== 'event')) {
    throw new ProjectionsError(
      ProjectionsErrorCode.NotFound,
      `no event, change, digest or purl '${text}' is known to the ledger`,
    );
  }
  const artifacts: ArtifactChain[] = [];
  for (const key of resolved.keys) artifacts.push(await chainOf(queries, store, key));
  const { matched, event, sources } = resolved;
  return {
    query: text,
    matched,
    ...(event === undefined ? {} : { event }),
    ...(sources === undefined ? {} : { sources }),
    artifacts,
  };
}

type Matched = WhyAnswer['matched'];
type Resolved = { matched: Matched; keys: string[]; event?: WhyEvent; sources?: string[] };

function whyEvent(record: RecordedEvent, event: CDEvent | undefined): WhyEvent {
  const ms = instantMs(String(event?.context?.timestamp ?? ''));
  return {
    eventId: record.id,
    type: record.type,
    producer: record.producer,
    streamId: record.streamId,
    position: record.position,
    at: ms === undefined ? null : isoOf(ms),
    recordedAt: record.recordedAt,
  };
}

async function resolveKeys(
  queries: ProjectionQueries,
  store: EventStore,
  text: string,
): Promise<Resolved | undefined> {
  if (isDigest(text)) return { matched: 'digest', keys: [text] };
  if (text.startsWith('pkg:')) {
    const identity = purlIdentity(text);
    // A purl without a digest names every build of that version (more than one is itself a finding).
    const built = identity.nameVersion === undefined ? [] : queries.digestsOf(identity.nameVersion);
    return {
      matched: 'purl',
      keys: identity.digest === undefined && built.length > 0 ? built : artifactKeys(identity),
    };
  }
  // An id is unique per source only: when several sources used it, every one's facts answer, and
  // the answer names the sources rather than picking one. One source's event is itself the answer
  // too, whether or not it names an artifact.
  const records = await store.readEventsById(text);
  if (records.length > 0) {
    const keys = new Set<string>();
    for (const record of records) for (const key of await keysOfRecord(queries, store, record)) keys.add(key);
    const sources = [...new Set(records.map((record) => record.source))];
    const [only] = records;
    return {
      matched: 'event',
      keys: [...keys],
      ...(records.length === 1 && only !== undefined ? { event: whyEvent(only, storedEvent(only)) } : {}),
      ...(sources.length > 1 ? { sources } : {}),
    };
  }
  const ofChange = queries.artifactsOfChange(text);
  return ofChange.length === 0 ? undefined : { matched: 'change', keys: preferDigests(ofChange) };
}

/** The artifacts one recorded event is about (a violation: those of the facts it names). */
async function keysOfRecord(
  queries: ProjectionQueries,
  store: EventStore,
  record: RecordedEvent,
): Promise<string[]> {
  const fact = readFact(record)?.fact;
  if (fact === undefined) return [];
  const keys = keysOfFact(queries, fact);
  if (keys.length > 0 || fact.kind !== 'violation') return keys;
  const targets = await store.readEventsById(fact.offendingEventId);
  return targets.flatMap((target) => {
    const targetFact = readFact(target)?.fact;
    return targetFact === undefined ? [] : keysOfFact(queries, targetFact);
  });
}

// A change's builds are filed by digest, or by name@version when they name none: when any digest
// is known, answer by digests only (one chain per set of bytes).
function preferDigests(keys: readonly string[]): string[] {
  const digests = keys.filter((k) => isDigest(k));
  return [...new Set(digests.length > 0 ? digests : keys)].sort();
}

function keysOfFact(queries: ProjectionQueries, fact: LedgerFact): string[] {
  switch (fact.kind) {
    case 'build':
    case 'verification':
    case 'release':
    case 'approval':
    case 'deploy':
    case 'postDeployVerification':
    case 'rolloutStep':
    case 'rollbackDecision':
    case 'completion':
    case 'evidence':
    case 'gate':
    case 'exception':
      return artifactKeys(fact.artifact);
    case 'change':
      return preferDigests(queries.artifactsOfChange(fact.changeId));
    case 'incident':
      return fact.artifact === undefined ? [] : artifactKeys(fact.artifact);
    case 'removed':
    case 'violation':
    case 'snapshot':
    case 'other':
      return [];
  }
}

// Who sent each event is kept with the event in the log (part of its hash), not in the read
// models; by position, since an id may name several sources' events.
async function producersOf(store: EventStore, eventIds: Iterable<string>): Promise<Map<number, string>> {
  const producers = new Map<number, string>();
  for (const id of eventIds)
    for (const record of await store.readEventsById(id)) producers.set(record.position, record.producer);
  return producers;
}

async function chainOf(queries: ProjectionQueries, store: EventStore, key: string): Promise<ArtifactChain> {
  const facts = queries.factsByKey(key);
  const changes = queries.changesOf(key);
  const deployments = queries
    .deploymentsByKey(key, FOREVER)
    .map((row) => ({ row, next: queries.nextOnTarget(row, FOREVER) }));
  const changeEvents = changes.flatMap((c) => queries.changeEvents(c));
  const incidents = queries.incidentsByKey(key);
  const eventIds = new Set([
    ...facts.map((f) => f.eventId),
    ...changeEvents.map((c) => c.eventId),
    ...deployments.flatMap((d) => [d.row.eventId, ...(d.next === undefined ? [] : [d.next.eventId])]),
    ...incidents.map((i) => i.eventId),
  ]);
  const violations = [...eventIds].sort().flatMap((id) => queries.violationsOf(id));
  const identity = identityOfKey(key);
  const built = facts.map((f) => f.detail['artifactId']).find((id): id is string => typeof id === 'string');
  const nameVersion =
    identity.nameVersion ?? (built === undefined ? null : (purlIdentity(built).nameVersion ?? null));
  return whyChain({
    artifact: { digest: identity.digest, nameVersion },
    facts,
    changes,
    changeEvents,
    deployments,
    incidents,
    violations,
    producers: await producersOf(store, eventIds),
  });
}
