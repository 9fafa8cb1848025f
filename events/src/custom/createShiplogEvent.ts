import { createCDEvent } from '../createCDEvent.ts';
import type { CDEventInput } from '../createCDEvent.ts';
import type { CDEventOfType } from '../eventTypes.ts';
import type { ShiplogEventType } from './shiplogEvents.ts';

/** What a producer supplies to build a shiplog custom event: its clock is required. */
export type ShiplogEventInput<T extends ShiplogEventType> = CDEventInput<T> & {
  readonly timestamp: Date | string;
};

/**
 * Builds and validates a shiplog custom event of `type` (`createCDEvent` narrowed to shiplog's
 * types). Throws `EventsError` (`EVENT_INVALID`, with `problems`) when the input breaks the contract.
 */
export function createShiplogEvent<T extends ShiplogEventType>(
  type: T,
  input: ShiplogEventInput<T>,
): CDEventOfType<T> {
  return createCDEvent(type, input);
}
