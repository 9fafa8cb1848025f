import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreErrorCode } from '../errors.ts';
import { recordHash, ZERO_HASH } from '../recordHash.ts';
import { collect, newEvent } from '../testing/contractSupport.ts';
import { verifyChain } from '../verifyChain.ts';
import { createSqliteEventStore } from './sqliteEventStore.ts';

// The layout every ledger written before facts were keyed by (source, id) has: event ids unique.
const version1 = `
CREATE TABLE events (
  position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
  event_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, data TEXT NOT NULL, producer TEXT NOT NULL,
  recorded_at TEXT NOT NULL, prev_hash TEXT NOT NULL, stream_prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL, category TEXT NOT NULL, UNIQUE (stream_id, revision)
);
CREATE INDEX events_by_category ON events (category, position);
CREATE TABLE stream_metadata (stream_id TEXT PRIMARY KEY, metadata TEXT NOT NULL);
PRAGMA user_version = 1;
`;

/** Writes a version-1 ledger as that version did: the same hash over the same fields. */
function writeVersion1(
  path: string,
  events: readonly { stream: string; id: string; data: string }[],
): string {
  const db = new DatabaseSync(path);
  db.exec(version1);
  const insert = db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  let prevHash = ZERO_HASH;
  const heads = new Map<string, { revision: number; hash: string }>();
  events.forEach((event, index) => {
    const head = heads.get(event.stream);
    const fields = {
      streamId: event.stream,
      revision: (head?.revision ?? -1) + 1,
      id: event.id,
      type: 'dev.cdevents.test.happened.0.1.0',
      producer: 'v1',
      recordedAt: '2026-11-01T00:00:00.000Z',
      data: event.data,
    };
    const hash = recordHash(prevHash, head?.hash ?? ZERO_HASH, fields);
    insert.run(
      index + 1,
      fields.streamId,
      fields.revision,
      fields.id,
      fields.type,
      fields.data,
      fields.producer,
      fields.recordedAt,
      prevHash,
      head?.hash ?? ZERO_HASH,
      hash,
      event.stream.split('-')[0] ?? '',
    );
    heads.set(event.stream, { revision: fields.revision, hash });
    prevHash = hash;
  });
  db.close();
  return prevHash;
}

describe('a ledger written before facts were keyed by (source, id)', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shiplog-migrate-'));
    path = join(dir, 'ledger.db');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('opens migrated: same records, same hashes, verify intact, sources read from the data', async () => {
    const a = newEvent({ id: '42' }, { source: '/ci/a' });
    const plain = newEvent({ id: 'plain', data: 'not JSON at all' });
    const head = writeVersion1(path, [
      { stream: 'release-r1', id: a.id, data: a.data },
      { stream: 'release-r1', id: plain.id, data: plain.data },
    ]);
    const store = await createSqliteEventStore(path, { create: false });
    try {
      const records = await collect(store.readAll());
      expect(records.map((r) => [r.position, r.id, r.source, r.producer])).toEqual([
        [1, '42', '/ci/a', 'v1'],
        [2, 'plain', '', 'v1'],
      ]);
      const verified = await verifyChain(store);
      expect(verified).toMatchObject({ ok: true, count: 2 });
      expect(records.at(-1)?.hash).toBe(head);
      // The old fact is found by its key: its retry is a duplicate, other content is refused…
      expect((await store.appendToStream('release-r1', [{ ...a, source: '/ci/a' }])).duplicate).toBe(true);
      const changed = newEvent({ id: '42' }, { source: '/ci/a', payload: 'changed' });
      await expect(store.appendToStream('release-r1', [changed])).rejects.toMatchObject({
        code: StoreErrorCode.EventIdReused,
      });
      // …and the same id from another source is now another fact.
      const b = newEvent({ id: '42' }, { source: '/ci/b' });
      expect((await store.appendToStream('release-r2', [b])).duplicate).toBe(false);
      expect((await store.readEventsById('42')).map((r) => r.source)).toEqual(['/ci/a', '/ci/b']);
      expect(await verifyChain(store)).toMatchObject({ ok: true, count: 3 });
    } finally {
      await store.close();
    }
    const db = new DatabaseSync(path);
    expect(db.prepare('PRAGMA user_version').get()).toEqual({ user_version: 2 });
    db.close();
  });

  it('migrates once: a second open finds the current layout', async () => {
    const a = newEvent({}, { source: '/ci/a' });
    writeVersion1(path, [{ stream: 'release-r1', id: a.id, data: a.data }]);
    await (await createSqliteEventStore(path, { create: false })).close();
    const again = await createSqliteEventStore(path, { create: false });
    try {
      expect((await collect(again.readAll())).map((r) => r.source)).toEqual(['/ci/a']);
    } finally {
      await again.close();
    }
  });
});
