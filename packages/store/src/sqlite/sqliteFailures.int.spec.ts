import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreErrorCode } from '../errors.ts';
import { openStore } from '../openStore.ts';
import { collect, newEvent } from '../testing/index.ts';
import { createSqliteEventStore } from './sqliteEventStore.ts';

describe('sqlite adapter failure modes', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shiplog-sqlite-failures-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses to open a missing ledger when asked not to create one', async () => {
    await expect(createSqliteEventStore(join(dir, 'missing.db'), { create: false })).rejects.toMatchObject({
      code: StoreErrorCode.Unavailable,
    });
  });

  it('refuses a file that is not a ledger, and a SQLite file without the ledger tables', async () => {
    const junk = join(dir, 'junk.db');
    await writeFile(junk, 'not a database at all, only text long enough to be read as a header');
    await expect(createSqliteEventStore(junk)).rejects.toMatchObject({ code: StoreErrorCode.Unavailable });
    const other = join(dir, 'other.db');
    new DatabaseSync(other).exec('CREATE TABLE t (x)');
    await expect(createSqliteEventStore(other, { create: false })).rejects.toMatchObject({
      code: StoreErrorCode.Unavailable,
    });
  });

  it('fails every call with STORE_CLOSED after close', async () => {
    const store = await createSqliteEventStore(join(dir, 'ledger.db'));
    await store.appendToStream('release-1', [newEvent()]);
    await store.close();
    await expect(store.appendToStream('release-1', [newEvent()])).rejects.toMatchObject({
      code: StoreErrorCode.Closed,
    });
    await expect(collect(store.readAll())).rejects.toMatchObject({ code: StoreErrorCode.Closed });
    await expect(store.getStreamMetadata('release-1')).rejects.toMatchObject({ code: StoreErrorCode.Closed });
    await expect(store.readEvent('x')).rejects.toMatchObject({ code: StoreErrorCode.Closed });
  });

  it('waits out another connection holding the write lock, then appends', async () => {
    const path = join(dir, 'ledger.db');
    const store = await createSqliteEventStore(path);
    const other = new DatabaseSync(path);
    other.exec('BEGIN IMMEDIATE');
    setTimeout(() => other.exec('COMMIT'), 200);
    const result = await store.appendToStream('release-1', [newEvent()]);
    expect(result.position).toBe(1);
    other.close();
    await store.close();
  });

  it('gives up with STORE_UNAVAILABLE when the lock is held past lockTimeoutMs, writing nothing', async () => {
    const path = join(dir, 'ledger.db');
    const store = await createSqliteEventStore(path, { lockTimeoutMs: 150 });
    const other = new DatabaseSync(path);
    other.exec('BEGIN IMMEDIATE');
    try {
      await expect(store.appendToStream('release-1', [newEvent()])).rejects.toMatchObject({
        code: StoreErrorCode.Unavailable,
      });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    await expect(collect(store.readAll())).resolves.toEqual([]);
    await store.close();
  });

  it('openStore resolves relative sqlite paths against cwd and refuses unknown schemes', async () => {
    const store = await openStore('sqlite:nested/ledger.db', { cwd: dir });
    await store.appendToStream('release-1', [newEvent()]);
    await store.close();
    const again = await openStore(`sqlite:${join(dir, 'nested', 'ledger.db')}`, { create: false });
    expect((await collect(again.readAll())).length).toBe(1);
    await again.close();
    await expect(openStore('postgres://localhost/db')).rejects.toMatchObject({
      code: StoreErrorCode.InvalidArgument,
    });
    await expect(openStore('sqlite:')).rejects.toMatchObject({ code: StoreErrorCode.InvalidArgument });
  });
});
