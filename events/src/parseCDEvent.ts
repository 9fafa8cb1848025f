import { z } from 'zod';
import { cdEventSchema } from './cdEventSchema.ts';
import { closestKnownType } from './closestKnownType.ts';
import { foreignCustomEvent } from './custom/shiplogEventSchema.ts';
import { EventsErrorCode } from './errors.ts';
import type { Problem } from './errors.ts';
import { eventTypes, isKnownEventType } from './eventTypes.ts';
import type { KnownCDEvent } from './eventTypes.ts';
import type { ForeignCustomEvent } from './custom/shiplogEventSchema.ts';
import { eventIdProblems } from './eventIdLimit.ts';
import { parseEventType } from './parseEventType.ts';
import { legacyVersionsOf } from './upcast/legacyTypeVersions.ts';
import { readUpcast } from './upcast/readUpcast.ts';
import { upcastCDEvent } from './upcast/upcastCDEvent.ts';
import { unsafeJsonProblems } from './unsafeJsonProblems.ts';
import { zodProblems } from './zodProblems.ts';

/** Any valid CDEvent: a known type (standard or shiplog's), or another tool's custom event. */
export type CDEvent = KnownCDEvent | ForeignCustomEvent;

/** The outcome of checking an event: the parsed event, or every problem found. */
export type ParseResult<T> = { ok: true; event: T } | { ok: false; problems: Problem[] };

// Used only to describe what else is wrong with an event whose type is not known.
const anyEvent = cdEventSchema(z.string(), z.record(z.string(), z.unknown()));

function contextField(value: unknown, name: 'type' | 'id'): unknown {
  if (value === null || typeof value !== 'object') return undefined;
  const context = (value as { context?: unknown }).context;
  if (context === null || typeof context !== 'object') return undefined;
  return (context as Record<string, unknown>)[name];
}
const typeOf = (value: unknown): unknown => contextField(value, 'type');
const idOf = (value: unknown): unknown => contextField(value, 'id');

function unknownTypeProblem(type: string): Problem {
  const parts = parseEventType(type);
  const closest = closestKnownType(type);
  const hint = closest === undefined ? '' : ` (did you mean ${closest}?)`;
  if (parts !== undefined && closest !== undefined) {
    const known = eventTypes[closest];
    const sameName = ['namespace', 'tool', 'subject', 'predicate'] as const;
    if (sameName.every((key) => known[key] === parts[key])) {
      const legacy = legacyVersionsOf(parts.subject, parts.predicate);
      const readable = [...legacy, known.version].join(', ');
      const newer =
        known.namespace === 'dev.cdevents' ? ` or a later ${known.version.split('.')[0]}.x version` : '';
      return {
        path: '/context/type',
        code: EventsErrorCode.UnknownVersion,
        message: `version ${parts.version} of ${parts.subject}.${parts.predicate} is not known: shiplog reads ${readable}${newer}${hint}`,
      };
    }
  }
  return {
    path: '/context/type',
    code: EventsErrorCode.UnknownType,
    message: `unknown event type ${JSON.stringify(type.slice(0, 200))}${hint || ': no known type is close'}`,
  };
}

function withTypeProblem(value: unknown, typeProblem: Problem): Problem[] {
  const result = anyEvent.safeParse(value);
  const others = result.success
    ? []
    : zodProblems(result.error, value).filter((p) => p.path !== '/context/type');
  return [typeProblem, ...others];
}

/**
 * Checks an untrusted value against the CDEvents 0.5.1 contract: the schema of its `context.type`
 * (standard, or shiplog's custom events), or `custom/schema.json` for other tools' custom types.
 * Events of spec 0.3.0–0.4.1 and newer minor/patch type versions are read through an upcaster
 * (`upcastCDEvent`): the event returned is their 0.5.1 meaning. Unknown spec versions, types and
 * versions are problems, a type's problem naming the closest known type when one is close. Beyond
 * the schemas, what no ledger can keep faithfully is refused too: ill-formed text
 * (`unsafeJsonProblems`) and an id longer than `MAX_EVENT_ID_BYTES`.
 */
export function parseCDEvent(value: unknown): ParseResult<CDEvent> {
  const unsafe = [...unsafeJsonProblems(value), ...eventIdProblems(idOf(value))];
  if (unsafe.length > 0) return { ok: false, problems: unsafe };
  const upcast = upcastCDEvent(value);
  return upcast.ok ? readUpcast(upcast, checkSchemas) : { ok: false, problems: upcast.problems };
}

function checkSchemas(value: unknown): ParseResult<CDEvent> {
  const type = typeOf(value);
  if (typeof type !== 'string') {
    const result = anyEvent.safeParse(value);
    return { ok: false, problems: result.success ? [] : zodProblems(result.error, value) };
  }
  if (isKnownEventType(type)) {
    const result = eventTypes[type].schema.safeParse(value);
    return result.success
      ? { ok: true, event: result.data }
      : { ok: false, problems: zodProblems(result.error, value) };
  }
  const parts = parseEventType(type);
  if (parts?.namespace === 'dev.cdeventsx' && parts.tool !== 'shiplog') {
    const result = foreignCustomEvent.safeParse(value);
    return result.success
      ? { ok: true, event: result.data }
      : { ok: false, problems: zodProblems(result.error, value) };
  }
  return { ok: false, problems: withTypeProblem(value, unknownTypeProblem(type)) };
}
