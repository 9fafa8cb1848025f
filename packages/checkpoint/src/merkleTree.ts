import { CheckpointError, CheckpointErrorCode } from './errors.ts';
import { EMPTY_ROOT, nodeHash, splitPoint } from './merkleHash.ts';

/**
 * An in-memory RFC 6962 Merkle tree that keeps every complete node (2n hashes for n leaves), so the
 * root of any size and the inclusion and consistency proofs cost O(log n) hashes each.
 */
export interface MerkleTree {
  /** Leaves appended so far. */
  readonly size: number;
  /** Appends a leaf hash (see `leafHash`). */
  append(leafHash: Buffer): void;
  /** The leaf hash at `index`. */
  leafHash(index: number): Buffer;
  /** MTH of the first `size` leaves (default all). */
  root(size?: number): Buffer;
  /** RFC 6962 §2.1.1 PATH(index, D[size]): the audit path of leaf `index` in the tree of `size`. */
  inclusionProof(index: number, size: number): Buffer[];
  /** RFC 6962 §2.1.2 PROOF(from, D[to]): the tree of `from` leaves is a prefix of that of `to`. */
  consistencyProof(from: number, to: number): Buffer[];
}

const NODE = 32;

/** One level of complete nodes, in a growable buffer (level 0 holds the leaf hashes). */
interface Level {
  bytes: Buffer;
  count: number;
}

function push(level: Level, hash: Buffer): void {
  if ((level.count + 1) * NODE > level.bytes.length) {
    const grown = Buffer.allocUnsafe(Math.max(1024, level.bytes.length * 2));
    level.bytes.copy(grown, 0, 0, level.count * NODE);
    level.bytes = grown;
  }
  hash.copy(level.bytes, level.count * NODE);
  level.count += 1;
}

function at(level: Level, index: number): Buffer {
  return level.bytes.subarray(index * NODE, (index + 1) * NODE);
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && Number.isInteger(Math.log2(n));
}

function assertSize(ok: boolean, message: string): void {
  if (!ok) throw new CheckpointError(CheckpointErrorCode.ProofInvalid, message);
}

export function createMerkleTree(): MerkleTree {
  const levels: Level[] = [];
  let size = 0;

  // MTH(D[start : start + count]) for a range the RFC 6962 recursion reaches: a perfect, aligned
  // subtree is read from its level; anything else is split at the largest power of two.
  function rangeHash(start: number, count: number): Buffer {
    if (isPowerOfTwo(count) && start % count === 0) {
      const level = levels[Math.log2(count)];
      if (level !== undefined && start / count < level.count) return at(level, start / count);
    }
    const k = splitPoint(count);
    return nodeHash(rangeHash(start, k), rangeHash(start + k, count - k));
  }

  function path(index: number, start: number, count: number, out: Buffer[]): void {
    if (count <= 1) return;
    const k = splitPoint(count);
    if (index < k) {
      path(index, start, k, out);
      out.push(rangeHash(start + k, count - k));
    } else {
      path(index - k, start + k, count - k, out);
      out.push(rangeHash(start, k));
    }
  }

  function subproof(m: number, start: number, count: number, whole: boolean, out: Buffer[]): void {
    if (m === count) {
      if (!whole) out.push(rangeHash(start, count));
      return;
    }
    const k = splitPoint(count);
    if (m <= k) {
      subproof(m, start, k, whole, out);
      out.push(rangeHash(start + k, count - k));
    } else {
      subproof(m - k, start + k, count - k, false, out);
      out.push(rangeHash(start, k));
    }
  }

  return {
    get size() {
      return size;
    },
    append(hash) {
      let node = hash;
      let index = size;
      for (let depth = 0; ; depth++) {
        const level = (levels[depth] ??= { bytes: Buffer.alloc(0), count: 0 });
        push(level, node);
        if (index % 2 === 0) break;
        node = nodeHash(at(level, index - 1), node);
        index = Math.floor(index / 2);
      }
      size += 1;
    },
    leafHash(index) {
      assertSize(
        Number.isInteger(index) && index >= 0 && index < size,
        `no leaf ${index} in a tree of ${size}`,
      );
      return Buffer.from(at(levels[0] as Level, index));
    },
    root(of = size) {
      assertSize(
        Number.isInteger(of) && of >= 0 && of <= size,
        `no tree of size ${of}; the tree has ${size} leaves`,
      );
      return of === 0 ? EMPTY_ROOT : Buffer.from(rangeHash(0, of));
    },
    inclusionProof(index, of) {
      assertSize(of <= size && index >= 0 && index < of, `leaf ${index} is not in a tree of size ${of}`);
      const out: Buffer[] = [];
      path(index, 0, of, out);
      return out.map((h) => Buffer.from(h));
    },
    consistencyProof(from, to) {
      assertSize(from >= 0 && from <= to && to <= size, `no consistency proof from ${from} to ${to}`);
      const out: Buffer[] = [];
      if (from > 0 && from < to) subproof(from, 0, to, true, out);
      return out.map((h) => Buffer.from(h));
    },
  };
}
