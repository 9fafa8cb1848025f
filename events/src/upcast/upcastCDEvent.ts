import { EventsErrorCode } from '../errors.ts';
import type { Problem } from '../errors.ts';
import { isKnownEventType } from '../eventTypes.ts';
import type { KnownEventType } from '../eventTypes.ts';
import { parseEventType } from '../parseEventType.ts';
import { upcastContent } from './legacyContent.ts';
import type { Rename } from './legacyContent.ts';
import { standardTypeNamed, upcastTypeOf } from './legacyTypeVersions.ts';
import { newerVersionOf } from './newerTypeVersion.ts';
import {
  currentSpecVersions,
  knownSpecVersionsText,
  legacySpecVersions,
  upcastSpecVersion,
} from './specVersions.ts';

/** How an event was read: as sent, from a legacy spec version, or as a newer version of a known type. */
export type UpcastKind = 'current' | 'legacy' | 'newer';

/**
 * An event in 0.5.1's shape, ready for the 0.5.1 schemas, with the renames made to get there;
 * or the problems that stop it being read at all (an unknown spec version).
 */
export type Upcast =
  | {
      readonly ok: true;
      readonly kind: UpcastKind;
      readonly value: unknown;
      readonly renames: readonly Rename[];
      /** For `newer`: the 0.5.1 type whose schema the event is checked against. */
      readonly readAs?: KnownEventType;
    }
  | { readonly ok: false; readonly problems: Problem[] };

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function specVersionProblem(path: string, got: string): Problem {
  return {
    path,
    code: EventsErrorCode.SpecVersionUnknown,
    message: `CDEvents spec version ${JSON.stringify(got).slice(0, 80)} is not one shiplog reads; it reads ${knownSpecVersionsText()}`,
  };
}

function upcastLegacy(event: Record<string, unknown>, context: Record<string, unknown>): Upcast {
  const renames: Rename[] = [];
  const { version, chain_id: chainId, ...rest } = context;
  const nextContext: Record<string, unknown> = { ...rest };
  if (Object.hasOwn(context, 'version')) {
    if (typeof version === 'string' && !legacySpecVersions.includes(version))
      return { ok: false, problems: [specVersionProblem('/context/version', version)] };
    // A version that is not a string is left for the schema to report, at the producer's field.
    nextContext.specversion = typeof version === 'string' ? upcastSpecVersion : version;
    renames.push({ from: '/context/version', to: '/context/specversion' });
  }
  if (Object.hasOwn(context, 'chain_id')) {
    if (Object.hasOwn(rest, 'chainId')) nextContext.chain_id = chainId;
    else {
      nextContext.chainId = chainId;
      renames.push({ from: '/context/chain_id', to: '/context/chainId' });
    }
  }
  const type = typeof context.type === 'string' ? context.type : '';
  const target = upcastTypeOf(type);
  if (target !== undefined) nextContext.type = target;
  const parts = parseEventType(type);
  let subject = event.subject;
  if (isObject(subject)) {
    const { type: _subjectType, ...subjectRest } = subject;
    const name = parts === undefined ? '' : `${parts.subject}.${parts.predicate}`;
    subject = { ...subjectRest, content: upcastContent(name, subjectRest.content, renames) };
    if (!Object.hasOwn(subjectRest, 'content')) delete (subject as Record<string, unknown>).content;
  }
  return { ok: true, kind: 'legacy', value: { ...event, context: nextContext, subject }, renames };
}

/**
 * Reads any CDEvent shiplog accepts into the shape of spec 0.5.1, without judging its content:
 * events of spec 0.5.x pass unchanged; events of spec 0.3.0–0.4.1 (`context.version`) and legacy
 * type versions are upcast (`version` → `specversion`, `chain_id` → `chainId`, the subject's `type`
 * dropped, `url` → `uri`, test outcomes renamed, the type set to its 0.5.1 version); a newer
 * minor or patch version of a standard type is read as the version shiplog knows. An unknown spec
 * version is a problem. The producer's event is never modified.
 */
export function upcastCDEvent(value: unknown): Upcast {
  const none = { ok: true, kind: 'current', value, renames: [] } as const;
  if (!isObject(value) || !isObject(value.context)) return none;
  const context = value.context;
  const specversion = context.specversion;
  if (!Object.hasOwn(context, 'specversion') && Object.hasOwn(context, 'version'))
    return upcastLegacy(value, context);
  if (typeof specversion === 'string' && specversion !== '' && !currentSpecVersions.includes(specversion))
    return { ok: false, problems: [specVersionProblem('/context/specversion', specversion)] };
  const type = typeof context.type === 'string' ? context.type : '';
  if (upcastTypeOf(type) !== undefined) return upcastLegacy(value, context);
  if (isKnownEventType(type)) return none;
  const parts = parseEventType(type);
  const readAs = parts && newerVersionOf(parts, standardTypeNamed(parts.subject, parts.predicate));
  if (readAs === undefined) return none;
  return {
    ok: true,
    kind: 'newer',
    value: { ...value, context: { ...context, type: readAs } },
    renames: [],
    readAs,
  };
}
