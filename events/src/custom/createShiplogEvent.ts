import { EventsError, EventsErrorCode } from '../errors.ts';
import type { CDEventOfType } from '../eventTypes.ts';
import type { EmbeddedLink } from '../links.ts';
import { zodProblems } from '../zodProblems.ts';
import { shiplogEventSchemas } from './shiplogEvents.ts';
import type { ShiplogContent, ShiplogEventType } from './shiplogEvents.ts';

/** What a producer supplies to build a shiplog custom event. */
export interface ShiplogEventInput<T extends ShiplogEventType> {
  /** Event id; a random UUID when omitted. Reuse it on retries: it is the idempotency key. */
  readonly id?: string;
  /** URI reference of the producer, e.g. `/shiplog/gate`. */
  readonly source: string;
  /** When it happened; the caller's clock. */
  readonly timestamp: Date | string;
  /** The subject's id (e.g. the gate decision or verification run id). */
  readonly subjectId: string;
  readonly subjectSource?: string;
  readonly content: ShiplogContent<T>;
  readonly chainId?: string;
  readonly links?: readonly EmbeddedLink[];
}

/**
 * Builds and validates a shiplog custom event of `type`. Throws `EventsError` (`EVENT_INVALID`,
 * with `problems`) when the input breaks the contract.
 */
export function createShiplogEvent<T extends ShiplogEventType>(
  type: T,
  input: ShiplogEventInput<T>,
): CDEventOfType<T> {
  const event = {
    context: {
      specversion: '0.5.1',
      id: input.id ?? crypto.randomUUID(),
      source: input.source,
      type,
      timestamp: typeof input.timestamp === 'string' ? input.timestamp : input.timestamp.toISOString(),
      ...(input.chainId === undefined ? {} : { chainId: input.chainId }),
      ...(input.links === undefined ? {} : { links: input.links }),
    },
    subject: {
      id: input.subjectId,
      ...(input.subjectSource === undefined ? {} : { source: input.subjectSource }),
      content: input.content,
    },
  };
  const result = shiplogEventSchemas[type].safeParse(event);
  if (!result.success) {
    const problems = zodProblems(result.error, event);
    const summary = problems.map((p) => `${p.path} ${p.message}`).join('; ');
    throw new EventsError(EventsErrorCode.EventInvalid, `invalid ${type}: ${summary}`, { problems });
  }
  return result.data as CDEventOfType<T>;
}
