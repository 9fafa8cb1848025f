import type { RecordedEvent } from './eventStore.ts';

/** The fields of a record its hash covers: everything but the global position and the hashes. */
export type HashedFields = Pick<
  RecordedEvent,
  'streamId' | 'revision' | 'id' | 'type' | 'producer' | 'recordedAt' | 'data'
>;

/** Version tag inside every encoding, so a future encoding can never collide with this one. */
export const CANONICAL_RECORD_VERSION = 'shiplog.record.v1';

/**
 * The canonical encoding of a record: a one-line JSON array of the version tag and the short
 * fields in a fixed order, a newline, then `data` verbatim (the text the producer sent).
 * Unambiguous: JSON.stringify never emits a raw newline, so the header ends at the first one, and
 * `data` is everything after it. Keeping `data` out of the JSON spares escaping the largest field
 * (verify runs this for every record).
 */
export function canonicalRecord(record: HashedFields): string {
  const header = JSON.stringify([
    CANONICAL_RECORD_VERSION,
    record.streamId,
    record.revision,
    record.id,
    record.type,
    record.producer,
    record.recordedAt,
  ]);
  return `${header}\n${record.data}`;
}
