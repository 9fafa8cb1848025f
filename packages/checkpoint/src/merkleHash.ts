import { createHash, hash } from 'node:crypto';
import type { RecordedEvent } from '@shiplog/store';

/** RFC 6962 §2.1: MTH({}) = SHA-256 of the empty string. */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest();

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** RFC 6962 leaf hash: SHA-256(0x00 || leaf). */
export function leafHash(leaf: Uint8Array): Buffer {
  return hash('sha256', Buffer.concat([LEAF_PREFIX, leaf]), 'buffer');
}

/** RFC 6962 interior node hash: SHA-256(0x01 || left || right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return hash('sha256', Buffer.concat([NODE_PREFIX, left, right]), 'buffer');
}

/**
 * The leaf of a ledger record: the 32 bytes of its stored hash. That hash already covers the
 * record's canonical encoding and its global and stream predecessors' hashes, so a leaf commits
 * to the record and to the whole log before it.
 */
export function recordLeaf(record: Pick<RecordedEvent, 'hash'>): Buffer {
  return Buffer.from(record.hash, 'hex');
}

/** The leaf hash of a ledger record. */
export function recordLeafHash(record: Pick<RecordedEvent, 'hash'>): Buffer {
  return leafHash(recordLeaf(record));
}

/** The largest power of two strictly smaller than `n` (n ≥ 2), as RFC 6962 splits trees. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
