import { isKnownEventType } from '../eventTypes.ts';
import { parseCDEvent } from '../parseCDEvent.ts';
import type { CDEvent } from '../parseCDEvent.ts';

/**
 * The 0.5.1 meaning of an event the ledger checked when it recorded it (its stored text, parsed):
 * the ledger keeps events as sent, so readers call this instead of casting. An event of spec 0.5.x
 * of a known type is returned as it is (no validation: cheap for every replayed record); one of
 * spec 0.3.0–0.4.1, or of a newer type version, is read as `parseCDEvent` reads it.
 */
export function eventMeaning(value: unknown): CDEvent {
  const context = (value as { context?: { specversion?: unknown; type?: unknown } } | null)?.context;
  if (
    typeof context?.specversion === 'string' &&
    typeof context.type === 'string' &&
    isKnownEventType(context.type)
  )
    return value as CDEvent;
  const parsed = parseCDEvent(value);
  return parsed.ok ? parsed.event : (value as CDEvent);
}
