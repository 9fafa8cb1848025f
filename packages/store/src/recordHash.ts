import { hash } from 'node:crypto';
import { canonicalRecord } from './canonicalRecord.ts';
import type { HashedFields } from './canonicalRecord.ts';

/** The predecessor hash of the first record of the global log and of every stream. */
export const ZERO_HASH = '0'.repeat(64);

/**
 * The hash of a record: sha256 (hex) over its global predecessor's hash, its stream
 * predecessor's hash and its canonical encoding, concatenated (UTF-8). Both hashes are
 * fixed-width hex, so the concatenation is unambiguous.
 */
export function recordHash(prevHash: string, streamPrevHash: string, record: HashedFields): string {
  // One-shot `crypto.hash` is about twice as fast as createHash().update()…digest() for records
  // of this size, and verify hashes every record of the ledger.
  return hash('sha256', prevHash + streamPrevHash + canonicalRecord(record), 'hex');
}
