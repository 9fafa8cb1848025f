import { eventTypes } from '../eventTypes.ts';
import type { KnownEventType } from '../eventTypes.ts';
import { parseEventType } from '../parseEventType.ts';

/**
 * The type versions the schemas of CDEvents spec 0.3.0, 0.4.0 and 0.4.1 define (read from the
 * spec repository at those tags), by `subject.predicate`. Each is read as the 0.5.1 type.
 */
const legacyTypeVersions: Readonly<Record<string, readonly string[]>> = {
  'artifact.deleted': ['0.1.0'],
  'artifact.downloaded': ['0.1.0'],
  'artifact.packaged': ['0.1.1', '0.2.0'],
  'artifact.published': ['0.1.1', '0.2.0'],
  'artifact.signed': ['0.1.0', '0.2.0'],
  'branch.created': ['0.1.2', '0.2.0'],
  'branch.deleted': ['0.1.2', '0.2.0'],
  'build.finished': ['0.1.1', '0.2.0'],
  'build.queued': ['0.1.1', '0.2.0'],
  'build.started': ['0.1.1', '0.2.0'],
  'change.abandoned': ['0.1.2', '0.2.0'],
  'change.created': ['0.1.2', '0.3.0'],
  'change.merged': ['0.1.2', '0.2.0'],
  'change.reviewed': ['0.1.2', '0.2.0'],
  'change.updated': ['0.1.2', '0.2.0'],
  'environment.created': ['0.1.1', '0.2.0'],
  'environment.deleted': ['0.1.1', '0.2.0'],
  'environment.modified': ['0.1.1', '0.2.0'],
  'incident.detected': ['0.1.0', '0.2.0'],
  'incident.reported': ['0.1.0', '0.2.0'],
  'incident.resolved': ['0.1.0', '0.2.0'],
  'pipelinerun.finished': ['0.1.1', '0.2.0'],
  'pipelinerun.queued': ['0.1.1', '0.2.0'],
  'pipelinerun.started': ['0.1.1', '0.2.0'],
  'repository.created': ['0.1.1', '0.2.0'],
  'repository.deleted': ['0.1.1', '0.2.0'],
  'repository.modified': ['0.1.1', '0.2.0'],
  'service.deployed': ['0.1.1', '0.2.0'],
  'service.published': ['0.1.1', '0.2.0'],
  'service.removed': ['0.1.1', '0.2.0'],
  'service.rolledback': ['0.1.1', '0.2.0'],
  'service.upgraded': ['0.1.1', '0.2.0'],
  'taskrun.finished': ['0.1.1', '0.2.0'],
  'taskrun.started': ['0.1.1', '0.2.0'],
  'testcaserun.finished': ['0.1.0', '0.2.0'],
  'testcaserun.queued': ['0.1.0', '0.2.0'],
  'testcaserun.skipped': ['0.1.0'],
  'testcaserun.started': ['0.1.0', '0.2.0'],
  'testoutput.published': ['0.1.0', '0.2.0'],
  'testsuiterun.finished': ['0.1.0', '0.2.0'],
  'testsuiterun.queued': ['0.1.0', '0.2.0'],
  'testsuiterun.started': ['0.1.0', '0.2.0'],
  'ticket.closed': ['0.1.0'],
  'ticket.created': ['0.1.0'],
  'ticket.updated': ['0.1.0'],
};

const standardByName = new Map<string, KnownEventType>(
  Object.values(eventTypes)
    .filter((k) => k.namespace === 'dev.cdevents')
    .map((k) => [`${k.subject}.${k.predicate}`, k.type]),
);

/** The 0.5.1 type a legacy standard type (`dev.cdevents.pipelinerun.started.0.1.1`) is read as. */
export function upcastTypeOf(type: string): KnownEventType | undefined {
  const parts = parseEventType(type);
  if (parts?.namespace !== 'dev.cdevents') return undefined;
  const name = `${parts.subject}.${parts.predicate}`;
  return legacyTypeVersions[name]?.includes(parts.version) === true ? standardByName.get(name) : undefined;
}

/** The legacy versions of `subject.predicate` shiplog upcasts (none when it knows no such type). */
export function legacyVersionsOf(subject: string, predicate: string): readonly string[] {
  return legacyTypeVersions[`${subject}.${predicate}`] ?? [];
}

/** The 0.5.1 type of a standard `subject.predicate`. */
export function standardTypeNamed(subject: string, predicate: string): KnownEventType | undefined {
  return standardByName.get(`${subject}.${predicate}`);
}
