import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteEventStore } from './sqlite/sqliteEventStore.ts';
import { collect, newEvents } from './testing/index.ts';
import { verifyChain } from './verifyChain.ts';

describe('verifyChain over a SQLite ledger', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shiplog-verify-chain-'));
    path = join(dir, 'ledger.db');
    const store = await createSqliteEventStore(path);
    // Positions 1..6: a-0 a-1 b-0 a-2 b-1 b-2
    await store.appendToStream('release-a', newEvents(2));
    await store.appendToStream('release-b', newEvents(1));
    await store.appendToStream('release-a', newEvents(1));
    await store.appendToStream('release-b', newEvents(2));
    await store.close();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function verifyAfter(sql?: string) {
    if (sql !== undefined) {
      const db = new DatabaseSync(path);
      db.exec(sql);
      db.close();
    }
    const store = await createSqliteEventStore(path, { create: false });
    try {
      return await verifyChain(store);
    } finally {
      await store.close();
    }
  }

  it('reports progress while it reads and the head hash at the end', async () => {
    const store = await createSqliteEventStore(path, { create: false });
    const progress: number[] = [];
    const result = await verifyChain(store, {
      progressEvery: 2,
      onProgress: (count) => progress.push(count),
    });
    const records = await collect(store.readAll());
    await store.close();
    expect(progress).toEqual([2, 4, 6]);
    expect(result).toMatchObject({ ok: true, count: 6, lastPosition: 6, headHash: records.at(-1)?.hash });
  });

  it('names a revision moved within its stream', async () => {
    const result = await verifyAfter('UPDATE events SET revision = 7 WHERE position = 4');
    expect(result.firstBreak).toEqual({
      position: 4,
      streamId: 'release-a',
      revision: 7,
      reason: 'revision_gap',
    });
  });

  it('names a record whose stream predecessor hash was rewritten', async () => {
    const result = await verifyAfter(
      `UPDATE events SET stream_prev_hash = '${'f'.repeat(64)}' WHERE position = 5`,
    );
    expect(result.firstBreak).toMatchObject({ position: 5, reason: 'stream_prev_hash_mismatch' });
  });

  it('names the first record when its predecessor hash is not zero', async () => {
    const result = await verifyAfter(`UPDATE events SET prev_hash = '${'1'.repeat(64)}' WHERE position = 1`);
    expect(result.firstBreak).toMatchObject({ position: 1, reason: 'prev_hash_mismatch' });
    expect(result.ok).toBe(false);
  });

  it('names a record whose producer or recorded time was rewritten', async () => {
    expect(
      (await verifyAfter(`UPDATE events SET producer = 'someone-else' WHERE position = 3`)).firstBreak,
    ).toMatchObject({ position: 3, reason: 'hash_mismatch' });
  });
});
