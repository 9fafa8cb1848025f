import { EventsError, EventsErrorCode } from './errors.ts';
import type { CDEventOfType, KnownEventType } from './eventTypes.ts';
import type { EmbeddedLink } from './links.ts';
import { parseCDEvent } from './parseCDEvent.ts';

/** What a producer supplies for an event of type `T`; the content is typed by `T`. */
export interface CDEventInput<T extends KnownEventType> {
  /** Event id; a random UUID when omitted. Reuse it on retries: it is the idempotency key. */
  readonly id?: string;
  /** URI reference of the producer, e.g. `/github/acme/shop/actions/runs/42`. */
  readonly source: string;
  /** When it happened (default: now). */
  readonly timestamp?: Date | string;
  readonly subjectId: string;
  readonly subjectSource?: string;
  readonly content: CDEventOfType<T>['subject']['content'];
  /** Groups the events of one end-to-end flow: pass it on from the event that started it. */
  readonly chainId?: string;
  readonly links?: readonly EmbeddedLink[];
  readonly customData?: Record<string, unknown>;
}

/**
 * Builds a valid CDEvent of any type shiplog knows (standard CDEvents 0.5.1 or shiplog's own),
 * typed by `type`. Throws `EventsError` (`EVENT_INVALID`, with `problems`) when the input breaks
 * the contract.
 */
export function createCDEvent<T extends KnownEventType>(type: T, input: CDEventInput<T>): CDEventOfType<T> {
  const timestamp = input.timestamp ?? new Date();
  const value = {
    context: {
      specversion: '0.5.1',
      id: input.id ?? crypto.randomUUID(),
      source: input.source,
      type,
      timestamp: typeof timestamp === 'string' ? timestamp : timestamp.toISOString(),
      ...(input.chainId === undefined ? {} : { chainId: input.chainId }),
      ...(input.links === undefined ? {} : { links: input.links }),
    },
    subject: {
      id: input.subjectId,
      ...(input.subjectSource === undefined ? {} : { source: input.subjectSource }),
      content: input.content,
    },
    ...(input.customData === undefined ? {} : { customData: input.customData }),
  };
  const parsed = parseCDEvent(value);
  if (!parsed.ok) {
    const summary = parsed.problems.map((p) => `${p.path || '/'} ${p.message}`).join('; ');
    throw new EventsError(EventsErrorCode.EventInvalid, `invalid ${type}: ${summary}`, {
      problems: parsed.problems,
    });
  }
  return parsed.event as CDEventOfType<T>;
}
