import { eventTypes } from '../eventTypes.ts';
import type { KnownEventType } from '../eventTypes.ts';
import type { EventTypeParts } from '../parseEventType.ts';

function numbers(version: string): [number, number, number] {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  return [major, minor, patch];
}

/**
 * The known type a newer minor or patch version of a standard type is read as (as the CDEvents
 * SDKs read them): same subject, predicate and major version, and a later version than the one
 * shiplog knows. `undefined` for another major version, an older version or a non-standard type.
 */
export function newerVersionOf(
  parts: EventTypeParts,
  known: KnownEventType | undefined,
): KnownEventType | undefined {
  if (parts.namespace !== 'dev.cdevents' || known === undefined) return undefined;
  const [major, minor, patch] = numbers(parts.version);
  const [knownMajor, knownMinor, knownPatch] = numbers(eventTypes[known].version);
  if (major !== knownMajor) return undefined;
  const newer = minor > knownMinor || (minor === knownMinor && patch > knownPatch);
  return newer ? known : undefined;
}
