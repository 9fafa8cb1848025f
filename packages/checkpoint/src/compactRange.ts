import { EMPTY_ROOT, nodeHash } from './merkleHash.ts';

/**
 * The compact range [0, size) of a Merkle tree: the roots of its perfect subtrees, one per set bit
 * of `size`, largest (leftmost) first. O(log n) hashes are enough to append leaves and to compute
 * the root, so a new checkpoint costs O(new leaves), not O(n).
 */
export interface CompactRange {
  readonly size: number;
  readonly hashes: readonly Buffer[];
}

export const EMPTY_RANGE: CompactRange = Object.freeze({ size: 0, hashes: [] });

/** A compact range one can append to in place (see `appendLeaves`). */
export interface Frontier {
  size: number;
  hashes: Buffer[];
}

export function frontierOf(range: CompactRange): Frontier {
  return { size: range.size, hashes: [...range.hashes] };
}

/** Appends one leaf hash: pushes it, then merges equal-sized neighbours (the carries of size + 1). */
export function appendLeaf(frontier: Frontier, leafHash: Buffer): void {
  frontier.hashes.push(leafHash);
  let size = frontier.size;
  while (size % 2 === 1) {
    const right = frontier.hashes.pop() as Buffer;
    const left = frontier.hashes.pop() as Buffer;
    frontier.hashes.push(nodeHash(left, right));
    size = Math.floor(size / 2);
  }
  frontier.size += 1;
}

/** The root of the tree the range covers: its subtree roots folded right to left. */
export function rangeRoot(range: CompactRange): Buffer {
  const { hashes } = range;
  if (hashes.length === 0) return EMPTY_ROOT;
  let root = hashes[hashes.length - 1] as Buffer;
  for (let i = hashes.length - 2; i >= 0; i--) root = nodeHash(hashes[i] as Buffer, root);
  return root;
}

/** The number of hashes a compact range of `size` leaves holds (its set bits). */
export function rangeLength(size: number): number {
  let bits = 0;
  for (let n = size; n > 0; n = Math.floor(n / 2)) bits += n % 2;
  return bits;
}
