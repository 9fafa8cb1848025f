import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqliteEventStore } from '@shiplog/store';
import type { EventStore } from '@shiplog/store';
import { ProjectionsErrorCode } from './errors.ts';
import { openProjections } from './openProjections.ts';
import { replay } from './replay.ts';
import { generateHistory } from './testing/generateHistory.ts';

let dir: string;
let store: EventStore;
let events: number;
const now = '2024-03-01T00:00:00Z';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-replay-'));
  store = await createSqliteEventStore(join(dir, 'ledger.db'));
  ({ events } = await generateHistory({ store, events: 2_000, services: 5 }));
});

afterAll(async () => {
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

const leftovers = async (path: string): Promise<string[]> =>
  (await readdir(join(path, '..'))).filter((f) => f.includes('.replay-'));

describe('replay', () => {
  it('swaps in a complete copy and leaves no replay file behind', async () => {
    const path = join(dir, 'swap', 'projections.db');
    const live = await openProjections({ store, path });
    await live.catchUp();
    const before = JSON.stringify(await live.dora({ now }));
    await live.close();
    expect(await replay({ store, path })).toMatchObject({ applied: events, position: events });
    const after = await openProjections({ store, path });
    expect(JSON.stringify(await after.dora({ now }))).toBe(before);
    expect(after.checkpoint()).toMatchObject({ applied: events });
    await after.close();
    expect(await leftovers(path)).toEqual([]);
  });

  it('keeps the live read models when the log cannot be read to the end', async () => {
    const path = join(dir, 'failing', 'projections.db');
    const live = await openProjections({ store, path });
    await live.catchUp();
    await live.close();
    let served = 0;
    const failing: EventStore = {
      ...store,
      async *readAll(options) {
        for await (const record of store.readAll(options)) {
          if (++served > 500) throw new Error('disk on fire');
          yield record;
        }
      },
    };
    await expect(replay({ store: failing, path })).rejects.toThrow('disk on fire');
    const kept = await openProjections({ store, path });
    expect(kept.checkpoint()).toMatchObject({ applied: events });
    await kept.close();
    expect(await leftovers(path)).toEqual([]);
  });

  it('refuses PROJECTIONS_BUSY while another connection holds the file, and changes nothing', async () => {
    const path = join(dir, 'busy', 'projections.db');
    const live = await openProjections({ store, path });
    await live.catchUp();
    try {
      await expect(replay({ store, path })).rejects.toMatchObject({ code: ProjectionsErrorCode.Busy });
      expect(live.checkpoint()).toMatchObject({ applied: events });
      expect(await leftovers(path)).toEqual([]);
    } finally {
      await live.close();
    }
  });

  it('refuses a bad --until before touching anything', async () => {
    const path = join(dir, 'until', 'projections.db');
    await expect(replay({ store, path, until: 'later' })).rejects.toMatchObject({
      code: ProjectionsErrorCode.InvalidQuery,
    });
    expect(existsSync(path)).toBe(false);
  });
});

describe('openProjections', () => {
  it('refuses a file that is not shiplog projections with SCHEMA_MISMATCH', async () => {
    const path = join(dir, 'other.db');
    const other = new DatabaseSync(path);
    other.exec('CREATE TABLE songs (title TEXT)');
    other.close();
    await expect(openProjections({ store, path })).rejects.toMatchObject({
      code: ProjectionsErrorCode.SchemaMismatch,
    });
  });

  it('serves concurrent catch-ups and queries on one instance, each event applied once', async () => {
    const projections = await openProjections({ store, path: join(dir, 'concurrent', 'projections.db') });
    try {
      const [a, history, b, c] = await Promise.all([
        projections.catchUp(),
        projections.history({ env: 'production' }),
        projections.catchUp(),
        projections.catchUp(),
      ]);
      expect(a + b + c).toBe(events);
      expect(history.entries.length).toBeGreaterThan(0);
      expect(projections.checkpoint()).toMatchObject({ applied: events });
    } finally {
      await projections.close();
    }
  });

  it('answers PROJECTIONS_CLOSED after close', async () => {
    const projections = await openProjections({ store, path: join(dir, 'closed', 'projections.db') });
    await projections.close();
    await expect(projections.history({ env: 'production' })).rejects.toMatchObject({
      code: ProjectionsErrorCode.Closed,
    });
  });
});
