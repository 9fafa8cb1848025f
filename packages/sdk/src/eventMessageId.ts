import { hash } from 'node:crypto';

/**
 * The `Nats-Msg-Id` of an event: the sha256 (lowercase hex) of the compact JSON array
 * `[context.source, context.id]`, UTF-8. A fact is keyed by (source, id), so two producers that
 * both use id "42" send different message ids and JetStream's duplicate window never mistakes one
 * for the other's retry, while every retry of one fact carries the same id. Fixed length (64),
 * however long the source and id. Any producer can compute it:
 * `jq -cj '[.context.source, .context.id]' event.json | sha256sum | cut -c1-64`.
 */
export function eventMessageId(source: string, id: string): string {
  return hash('sha256', JSON.stringify([source, id]), 'hex');
}
