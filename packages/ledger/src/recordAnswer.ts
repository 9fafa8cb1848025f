import type { Problem } from '@shiplog/events';
import { storedEvent } from './readFact.ts';
import type { RecordedEvent } from '@shiplog/store';
import { canonicalJson } from './canonicalJson.ts';
import type { Violation } from './violations.ts';

/** The ledger's answer to one submitted event. */
export type RecordAnswer =
  | {
      readonly status: 'recorded';
      readonly eventId: string;
      readonly streamId: string;
      readonly position: number;
      readonly violations: readonly Violation[];
    }
  | {
      readonly status: 'duplicate';
      readonly eventId: string;
      readonly streamId: string;
      readonly position: number;
    }
  | { readonly status: 'refused'; readonly eventId?: string; readonly problems: readonly Problem[] };

export function duplicateOf(recorded: Pick<RecordedEvent, 'id' | 'streamId' | 'position'>): RecordAnswer {
  return {
    status: 'duplicate',
    eventId: recorded.id,
    streamId: recorded.streamId,
    position: recorded.position,
  };
}

/**
 * The answer to other content under a fact's key: this id is already recorded from this source
 * (an id is unique per source; the same id from another source is another fact).
 */
export function refusedAsReused(eventId: string, where: string, source?: string): RecordAnswer {
  const from = source === undefined ? '' : ` from source ${source}`;
  return {
    status: 'refused',
    eventId,
    problems: [
      {
        path: '/context/id',
        code: 'EVENT_ID_REUSED' as Problem['code'],
        message: `event id ${eventId}${from} is already recorded (${where}) with other content`,
      },
    ],
  };
}

/** Same event: same type and the same JSON value (key order and spacing aside). */
export function sameContent(
  recorded: Pick<RecordedEvent, 'type' | 'data'>,
  type: string,
  value: unknown,
): boolean {
  if (recorded.type !== type) return false;
  const stored = storedEvent(recorded);
  return stored !== undefined && canonicalJson(stored) === canonicalJson(value);
}
