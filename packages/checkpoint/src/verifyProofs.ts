import { nodeHash } from './merkleHash.ts';

// RFC 9162 §2.1.3.2 and §2.1.4.2: proof verification without building the tree.

/** Where the walk up the tree is: `fn` the index of our node, `sn` of the last node, at this level. */
interface Walk {
  fn: number;
  sn: number;
}

function halve(walk: Walk): void {
  walk.fn = Math.floor(walk.fn / 2);
  walk.sn = Math.floor(walk.sn / 2);
}

/** Moves one proof hash up; true when that hash is the left sibling (our node a right child or last). */
function climb(walk: Walk): boolean {
  const left = walk.fn % 2 === 1 || walk.fn === walk.sn;
  if (left) while (walk.fn % 2 === 0 && walk.fn !== 0) halve(walk);
  halve(walk);
  return left;
}

/** Does `proof` show the leaf with hash `leaf` at `index` in the tree of `size` with `root`? */
export function verifyInclusion(
  index: number,
  size: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!(Number.isSafeInteger(index) && Number.isSafeInteger(size) && index >= 0 && index < size))
    return false;
  const walk = { fn: index, sn: size - 1 };
  let r: Uint8Array = leaf;
  for (const p of proof) {
    if (walk.sn === 0) return false;
    r = climb(walk) ? nodeHash(p, r) : nodeHash(r, p);
  }
  return walk.sn === 0 && Buffer.from(r).equals(root);
}

/** Does `proof` show the tree of `from` leaves with `fromRoot` is a prefix of the tree of `to` with `toRoot`? */
export function verifyConsistency(
  from: number,
  to: number,
  fromRoot: Uint8Array,
  toRoot: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!(Number.isSafeInteger(from) && Number.isSafeInteger(to) && from >= 0 && from <= to)) return false;
  if (from === to) return proof.length === 0 && Buffer.from(fromRoot).equals(toRoot);
  if (from === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  const path = Number.isInteger(Math.log2(from)) ? [fromRoot, ...proof] : [...proof];
  const walk = { fn: from - 1, sn: to - 1 };
  while (walk.fn % 2 === 1) halve(walk);
  let fr = path[0] as Uint8Array;
  let sr = fr;
  for (const c of path.slice(1)) {
    if (walk.sn === 0) return false;
    if (climb(walk)) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
    } else sr = nodeHash(sr, c);
  }
  return walk.sn === 0 && Buffer.from(fr).equals(fromRoot) && Buffer.from(sr).equals(toRoot);
}
