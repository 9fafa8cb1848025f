import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreErrorCode } from '../errors.ts';
import type { BatchAppend, EventStore } from '../eventStore.ts';
import { collect, newEvent } from '../testing/index.ts';
import { verifyChain } from '../verifyChain.ts';
import { createSqliteEventStore } from './sqliteEventStore.ts';
import { createThreadWriter } from './sqliteWriterThread.ts';
import type { ThreadWriter } from './sqliteWriterThread.ts';

const recordedAt = '2026-01-01T00:00:00.000Z';

function batchOf(prefix: string, count: number): BatchAppend[] {
  return Array.from({ length: count }, (_, i) => ({
    streamId: `change-${prefix}${i}`,
    events: [newEvent({ id: `${prefix}-${i}` })],
    expectedRevision: 'any' as const,
  }));
}

describe('the sqlite writer thread', () => {
  let dir: string;
  let path: string;
  let store: EventStore;
  let writer: ThreadWriter | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shiplog-writer-thread-'));
    path = join(dir, 'ledger.db');
    store = await createSqliteEventStore(path, { writer: 'thread' });
  });
  afterEach(async () => {
    await writer?.close();
    writer = undefined;
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('dying mid-write fails the write in flight, commits it whole or not at all, and the next write works', async () => {
    writer = createThreadWriter({ path, synchronous: 'full', busyTimeoutMs: 50, lockTimeoutMs: 5_000 });
    // Start the thread, then give it a write large enough to be cut off part-way.
    await writer.appendBatch(batchOf('warm', 1), recordedAt);
    const big = batchOf('big', 10_000);
    const inFlight = writer.appendBatch(big, recordedAt);
    // Whether the cut falls before, inside or after the transaction, the outcome must be the same.
    await new Promise((resolve) => setTimeout(resolve, 25));
    await writer.terminate();
    await expect(inFlight).rejects.toMatchObject({ code: StoreErrorCode.Unavailable });

    const afterCrash = (await collect(store.readAll())).filter((r) => r.id.startsWith('big-'));
    expect([0, big.length]).toContain(afterCrash.length);

    // A new thread takes the retry (the write lock was released); every event is recorded once.
    const retried = await writer.appendBatch(big, recordedAt);
    expect(retried.every((r) => r.duplicate === (afterCrash.length === big.length))).toBe(true);
    const records = await collect(store.readAll());
    expect(records.filter((r) => r.id.startsWith('big-')).length).toBe(big.length);
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
    expect((await verifyChain(store)).ok).toBe(true);
  });

  it('reports a refused write with its store error code', async () => {
    writer = createThreadWriter({ path, synchronous: 'full', busyTimeoutMs: 50, lockTimeoutMs: 5_000 });
    await writer.append('release-1', [newEvent({ id: 'once' })], 'any', recordedAt);
    await expect(
      writer.append('release-2', [newEvent({ id: 'once', data: '{"other":true}' })], 'any', recordedAt),
    ).rejects.toMatchObject({ code: StoreErrorCode.EventIdReused });
    await expect(writer.append('release-1', [newEvent()], 'no_stream', recordedAt)).rejects.toMatchObject({
      code: StoreErrorCode.VersionConflict,
    });
  });

  it('waits out another connection holding the lock, and gives up past lockTimeoutMs writing nothing', async () => {
    const other = new DatabaseSync(path);
    try {
      other.exec('BEGIN IMMEDIATE');
      const waited = store.appendToStream('release-1', [newEvent({ id: 'waited' })]);
      setTimeout(() => other.exec('COMMIT'), 200);
      await expect(waited).resolves.toMatchObject({ position: 1 });

      const impatient = await createSqliteEventStore(path, { writer: 'thread', lockTimeoutMs: 150 });
      other.exec('BEGIN IMMEDIATE');
      await expect(impatient.appendToStream('release-2', [newEvent()])).rejects.toMatchObject({
        code: StoreErrorCode.Unavailable,
      });
      other.exec('ROLLBACK');
      await expect(impatient.appendToStream('release-2', [newEvent()])).resolves.toMatchObject({
        position: 2,
      });
      await impatient.close();
    } finally {
      if (other.isTransaction) other.exec('ROLLBACK');
      other.close();
    }
    expect((await collect(store.readAll())).length).toBe(2);
  });

  it('finishes the writes already sent before close, then refuses new ones', async () => {
    const pending = store.appendBatch(batchOf('closing', 200));
    await store.close();
    await expect(pending).resolves.toHaveLength(200);
    await expect(store.appendToStream('release-1', [newEvent()])).rejects.toMatchObject({
      code: StoreErrorCode.Closed,
    });
    const reopened = await createSqliteEventStore(path, { create: false });
    expect((await collect(reopened.readAll())).length).toBe(200);
    await reopened.close();
  });

  it('does not keep a process alive that never closes its store', async () => {
    const script = join(import.meta.dirname, 'fixtures', 'appendWithoutClose.ts');
    const child = spawn(process.execPath, [script, path], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(out.trim()).toBe('1');
  });
});
