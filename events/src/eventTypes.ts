import type { z } from 'zod';
import { shiplogEventSchemas } from './custom/shiplogEvents.ts';
import type { ShiplogCDEvent } from './custom/shiplogEvents.ts';
import { parseEventType } from './parseEventType.ts';
import type { EventTypeParts } from './parseEventType.ts';
import { standardEventSchemas } from './standard/standardEvents.ts';
import type { StandardCDEvent } from './standard/standardEvents.ts';

const schemas = { ...standardEventSchemas, ...shiplogEventSchemas };

/** Every event type shiplog knows the content of: the standard CDEvents ones and its own. */
export type KnownEventType = keyof typeof schemas;

/** Any event whose type shiplog knows; narrow it with `isEventType`. */
export type KnownCDEvent = StandardCDEvent | ShiplogCDEvent;

/** The event of one known type. */
export type CDEventOfType<T extends KnownEventType> = Extract<KnownCDEvent, { context: { type: T } }>;

/** A known event type with its parts and its zod schema. */
export interface EventTypeInfo<T extends KnownEventType = KnownEventType> extends EventTypeParts {
  readonly type: T;
  readonly schema: z.ZodType<CDEventOfType<T>>;
}

function info<T extends KnownEventType>(type: T): EventTypeInfo<T> {
  const parts = parseEventType(type);
  if (parts === undefined) throw new Error(`not a CDEvents type: ${type}`);
  return Object.freeze({ ...parts, type, schema: schemas[type] as unknown as z.ZodType<CDEventOfType<T>> });
}

/** The registry of known event types, keyed by full type string. */
export const eventTypes: { readonly [T in KnownEventType]: EventTypeInfo<T> } = Object.freeze(
  Object.fromEntries(Object.keys(schemas).map((type) => [type, info(type as KnownEventType)])) as {
    [T in KnownEventType]: EventTypeInfo<T>;
  },
);

/** True when `type` is a type shiplog knows. */
export function isKnownEventType(type: string): type is KnownEventType {
  return Object.hasOwn(eventTypes, type);
}

/** Narrows an event to one known type by its `context.type`. */
export function isEventType<T extends KnownEventType>(
  event: { readonly context: { readonly type: string } },
  type: T,
): event is CDEventOfType<T> {
  return event.context.type === type;
}
