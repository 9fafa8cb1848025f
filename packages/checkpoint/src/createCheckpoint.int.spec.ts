import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore } from '@shiplog/store';
import type { EventStore } from '@shiplog/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCheckpoint } from './checkpointNote.ts';
import { openCheckpointStore } from './checkpointStore.ts';
import type { CheckpointStore } from './checkpointStore.ts';
import { createCheckpoint } from './createCheckpoint.ts';
import { CheckpointErrorCode } from './errors.ts';
import { recordLeafHash } from './merkleHash.ts';
import { createMerkleTree } from './merkleTree.ts';
import { generateSignerKey, parseSignerKey, parseVerifierKey } from './noteKey.ts';
import { verifyConsistency } from './verifyProofs.ts';

let dir: string;
let store: EventStore;
let checkpoints: CheckpointStore;
const signer = parseSignerKey(generateSignerKey('test.shiplog/log'));
const verifier = parseVerifierKey(signer.verifierKey);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-checkpoint-'));
  store = await createSqliteEventStore(join(dir, 'ledger.db'));
  checkpoints = openCheckpointStore(join(dir, 'ledger.db'));
});
afterEach(async () => {
  checkpoints.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function append(from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i++)
    await store.appendToStream(`release-r${i % 4}`, [{ id: `e${i}`, type: 't', data: `{"n":${i}}` }]);
}

async function fullTree(): Promise<ReturnType<typeof createMerkleTree>> {
  const tree = createMerkleTree();
  for await (const record of store.readAll()) tree.append(recordLeafHash(record));
  return tree;
}

describe('createCheckpoint on a SQLite ledger', () => {
  it('signs, from each stored compact range, the root of the whole log, consistent with the one before', async () => {
    await expect(createCheckpoint({ store, checkpoints, signer })).rejects.toMatchObject({
      code: CheckpointErrorCode.CheckpointUnavailable,
    });
    const sizes: number[] = [];
    for (const batch of [1, 6, 9, 16, 1, 31]) {
      await append(sizes.at(-1) ?? 0, batch);
      const { checkpoint, created } = await createCheckpoint({ store, checkpoints, signer });
      expect(created).toBe(true);
      const tree = await fullTree();
      const head = openCheckpoint(checkpoint.note, verifier);
      expect(head).toEqual({ origin: 'test.shiplog/log', size: tree.size, root: tree.root() });
      expect(checkpoint.lastPosition).toBe(tree.size);
      const before = sizes.at(-1);
      if (before !== undefined)
        expect(
          verifyConsistency(
            before,
            tree.size,
            tree.root(before),
            head.root,
            tree.consistencyProof(before, tree.size),
          ),
        ).toBe(true);
      sizes.push(tree.size);
    }
    expect(checkpoints.list().map((c) => c.treeSize)).toEqual(sizes);
    const again = await createCheckpoint({ store, checkpoints, signer });
    expect(again).toMatchObject({ created: false, checkpoint: { treeSize: 64 } });
  });
});
