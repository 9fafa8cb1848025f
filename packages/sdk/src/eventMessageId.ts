import { hash } from 'node:crypto';

/**
 * The `Nats-Msg-Id` of an event: the sha256 (lowercase hex) of the exact bytes sent. JetStream's
 * duplicate window then drops only a true retry (the same bytes), never another fact: not another
 * source's event with the same id, and not a corrected event re-sent under the id of one the
 * ledger refused, which ingest must see and judge itself (recorded, or refused `EVENT_ID_REUSED`
 * for other content under a recorded (source, id)). Fixed length (64), however long the event.
 * Any producer can compute it: `sha256sum event.json | cut -c1-64`.
 */
export function eventMessageId(text: string): string {
  return hash('sha256', text, 'hex');
}
