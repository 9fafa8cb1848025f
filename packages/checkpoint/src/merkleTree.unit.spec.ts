import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendLeaf, frontierOf, EMPTY_RANGE, rangeLength, rangeRoot } from './compactRange.ts';
import { CheckpointErrorCode } from './errors.ts';
import { EMPTY_ROOT, leafHash, nodeHash, splitPoint } from './merkleHash.ts';
import { createMerkleTree } from './merkleTree.ts';
import { verifyConsistency, verifyInclusion } from './verifyProofs.ts';

// The RFC 6962 §2.1 definitions, written as literally as possible, over the whole leaf list.
function mth(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return EMPTY_ROOT;
  if (leaves.length === 1) return leaves[0] as Buffer;
  const k = splitPoint(leaves.length);
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}
function naivePath(m: number, leaves: readonly Buffer[]): Buffer[] {
  if (leaves.length <= 1) return [];
  const k = splitPoint(leaves.length);
  return m < k
    ? [...naivePath(m, leaves.slice(0, k)), mth(leaves.slice(k))]
    : [...naivePath(m - k, leaves.slice(k)), mth(leaves.slice(0, k))];
}
function naiveSubproof(m: number, leaves: readonly Buffer[], whole: boolean): Buffer[] {
  if (m === leaves.length) return whole ? [] : [mth(leaves)];
  const k = splitPoint(leaves.length);
  return m <= k
    ? [...naiveSubproof(m, leaves.slice(0, k), whole), mth(leaves.slice(k))]
    : [...naiveSubproof(m - k, leaves.slice(k), false), mth(leaves.slice(0, k))];
}

const leavesOf = (n: number): Buffer[] =>
  Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));
const hex = (hashes: readonly Buffer[]): string[] => hashes.map((h) => h.toString('hex'));

// A tree size, and a position/smaller size inside it.
const sizeAndIndex = fc.integer({ min: 1, max: 300 }).chain((n) => fc.tuple(fc.constant(n), fc.nat(n - 1)));
const sizes = fc
  .integer({ min: 1, max: 300 })
  .chain((n) => fc.tuple(fc.integer({ min: 1, max: n }), fc.constant(n)));

describe('Merkle tree (RFC 6962)', () => {
  it('has the roots, audit paths and consistency proofs of the RFC definitions', () => {
    fc.assert(
      fc.property(sizeAndIndex, sizes, ([n, index], [m, to]) => {
        const leaves = leavesOf(Math.max(n, to));
        const tree = createMerkleTree();
        for (const leaf of leaves) tree.append(leaf);
        expect(tree.root(n).equals(mth(leaves.slice(0, n)))).toBe(true);
        expect(hex(tree.inclusionProof(index, n))).toEqual(hex(naivePath(index, leaves.slice(0, n))));
        expect(hex(tree.consistencyProof(m, to))).toEqual(
          m === to ? [] : hex(naiveSubproof(m, leaves.slice(0, to), true)),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('verifies every honest proof and refuses any proof with one hash changed', () => {
    fc.assert(
      fc.property(sizeAndIndex, sizes, fc.nat(), ([n, index], [m, to], pick) => {
        const leaves = leavesOf(Math.max(n, to));
        const tree = createMerkleTree();
        for (const leaf of leaves) tree.append(leaf);
        const path = tree.inclusionProof(index, n);
        expect(verifyInclusion(index, n, leaves[index] as Buffer, path, tree.root(n))).toBe(true);
        expect(verifyInclusion(index, n, leafHash(Buffer.from('other')), path, tree.root(n))).toBe(false);
        if (path.length > 0) {
          const bad = path.map((h, i) => (i === pick % path.length ? leafHash(h) : h));
          expect(verifyInclusion(index, n, leaves[index] as Buffer, bad, tree.root(n))).toBe(false);
        }
        const proof = tree.consistencyProof(m, to);
        expect(verifyConsistency(m, to, tree.root(m), tree.root(to), proof)).toBe(true);
        if (proof.length > 0) {
          const bad = proof.map((h, i) => (i === pick % proof.length ? leafHash(h) : h));
          expect(verifyConsistency(m, to, tree.root(m), tree.root(to), bad)).toBe(false);
        }
        if (m < to) {
          // The same proof cannot show a rewritten smaller tree is a prefix.
          const rewritten = mth([leafHash(Buffer.from('forged')), ...leaves.slice(1, m)]);
          expect(verifyConsistency(m, to, rewritten, tree.root(to), proof)).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps a compact range of O(log n) hashes with the same root as the whole tree', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600 }), fc.nat(600), (n, cut) => {
        const leaves = leavesOf(n);
        // Appending in two runs (a checkpoint, then the next) gives the same range as one run.
        const first = frontierOf(EMPTY_RANGE);
        for (const leaf of leaves.slice(0, cut)) appendLeaf(first, leaf);
        const second = frontierOf(first);
        for (const leaf of leaves.slice(cut)) appendLeaf(second, leaf);
        expect(second.size).toBe(n);
        expect(second.hashes).toHaveLength(rangeLength(n));
        expect(rangeRoot(second).equals(mth(leaves))).toBe(true);
      }),
    );
  });

  it('refuses proofs for leaves or sizes the tree does not have', () => {
    const tree = createMerkleTree();
    for (const leaf of leavesOf(5)) tree.append(leaf);
    expect(() => tree.inclusionProof(5, 5)).toThrow(
      expect.objectContaining({ code: CheckpointErrorCode.ProofInvalid }),
    );
    expect(() => tree.consistencyProof(3, 6)).toThrow(
      expect.objectContaining({ code: CheckpointErrorCode.ProofInvalid }),
    );
    expect(verifyInclusion(5, 5, leavesOf(1)[0] as Buffer, [], tree.root())).toBe(false);
  });
});
