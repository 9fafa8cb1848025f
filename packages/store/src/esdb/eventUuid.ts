import { createHash } from 'node:crypto';

/** What a derived EventStoreDB event id stands for: a record's link in its stream, or in the id index. */
export type EventUuidRole = 'link' | 'index';

/**
 * A deterministic, name-based (RFC 9562 version 8) UUID for one of our event ids in one role.
 * EventStoreDB wants UUID event ids and checks idempotency by them; CDEvent ids are arbitrary
 * strings, so the same name (a CDEvent id, or a fact's key) must always map to the same UUID.
 */
export function eventUuid(role: EventUuidRole, name: string): string {
  const bytes = createHash('sha256').update(`shiplog/${role}\0${name}`, 'utf8').digest().subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The id-index stream name for a CDEvent id: fixed length whatever the id. It links every fact
 * with that id, one per source, in ledger order.
 */
export function idIndexStream(namespace: string, id: string): string {
  return `${namespace}.id-${createHash('sha256').update(id, 'utf8').digest('hex')}`;
}
