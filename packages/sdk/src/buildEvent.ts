import type { CDEventInput, CDEventOfType, KnownEventType } from '@shiplog/events';
import { createCDEvent, EventsError } from '@shiplog/events';
import { SdkError, SdkErrorCode } from './errors.ts';

/** What a producer supplies for an event of type `T`; the content is typed by `T`. */
export type EventInput<T extends KnownEventType> = CDEventInput<T>;

/**
 * Builds a valid CDEvent of any type shiplog knows (standard CDEvents 0.5.1 or shiplog's own),
 * typed by `type`. Throws `EVENT_INVALID` listing every problem when the input breaks the contract.
 */
export function buildEvent<T extends KnownEventType>(type: T, input: EventInput<T>): CDEventOfType<T> {
  try {
    return createCDEvent(type, input);
  } catch (err) {
    if (!(err instanceof EventsError)) throw err;
    throw new SdkError(SdkErrorCode.EventInvalid, err.message, { cause: err.problems });
  }
}
