// The projector killed with SIGKILL mid-stream, twice, then resumed: no event applied twice, none
// missed, and the answers equal a fresh replay's.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProjections, replay } from '@shiplog/projections';
import type { Projections } from '@shiplog/projections';
import { generateHistory } from '@shiplog/projections/testing';
import type { GeneratedHistory } from '@shiplog/projections/testing';
import { createSqliteEventStore } from '@shiplog/store';
import type { EventStore } from '@shiplog/store';

let dir: string;
let ledger: string;
let store: EventStore;
let history: GeneratedHistory;
const children = new Set<ReturnType<typeof spawn>>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-crash-'));
  ledger = join(dir, 'ledger.db');
  store = await createSqliteEventStore(ledger, { synchronous: 'normal' });
  history = await generateHistory({ store, events: 30_000, services: 12 });
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The committed checkpoint, read as another process sees it (undefined before the file exists). */
function committed(path: string): { position: number; applied: number } | undefined {
  try {
    const db = new DatabaseSync(path, { readOnly: true });
    try {
      return db.prepare('SELECT position, applied FROM checkpoint WHERE id = 1').get() as {
        position: number;
        applied: number;
      };
    } finally {
      db.close();
    }
  } catch {
    return undefined;
  }
}

/** Starts a projector and SIGKILLs it once it has committed past `after`; resolves to where it stood. */
async function killMidStream(path: string, after: number): Promise<number> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'projectorChild.ts'), ledger, path], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );
  for (let waited = 0; (committed(path)?.position ?? 0) <= after; waited += 5) {
    if (waited > 60_000) throw new Error('the projector made no progress');
    await sleep(5);
  }
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  children.delete(child);
  return committed(path)?.position ?? 0;
}

async function answers(p: Projections): Promise<string[]> {
  const now = new Date(history.lastMs).toISOString();
  const out: unknown[] = [await p.dora({ now }), await p.history({ env: 'production' })];
  for (const at of [0.25, 0.5, 0.9]) {
    const instant = new Date(
      Date.parse('2024-01-01T00:00:00Z') + at * (history.lastMs - Date.parse('2024-01-01T00:00:00Z')),
    );
    out.push(await p.deployed({ env: 'production', at: instant.toISOString() }));
  }
  for (const digest of history.sampleDigests) out.push(await p.why(digest));
  return out.map((a) => JSON.stringify(a));
}

describe('projector killed mid-stream', () => {
  it('resumes from its checkpoint without applying any event twice', async () => {
    const path = join(dir, 'projections.db');
    const first = await killMidStream(path, 0);
    const second = await killMidStream(path, first);
    expect(second).toBeGreaterThan(first);
    expect(second).toBeLessThan(history.events);

    const projections = await openProjections({ store, path });
    try {
      const rest = await projections.catchUp();
      expect(rest).toBe(history.events - second);
      expect(projections.checkpoint()).toMatchObject({ position: history.events, applied: history.events });

      // Every event id appears in the read models as often as it should: once per row it makes.
      const db = new DatabaseSync(path, { readOnly: true });
      try {
        for (const table of ['deployments', 'artifact_facts', 'changes', 'incidents']) {
          const twice = db
            .prepare(`SELECT event_id, count(*) AS n FROM ${table} GROUP BY event_id HAVING n > 1`)
            .all();
          expect(twice, table).toEqual([]);
        }
        const deployments = db.prepare('SELECT count(*) AS n FROM deployments').get()?.['n'];
        const expected = [...(await readTypes())].filter((type) =>
          type.startsWith('dev.cdevents.service.'),
        ).length;
        expect(deployments).toBe(expected);
      } finally {
        db.close();
      }

      const fresh = join(dir, 'fresh', 'projections.db');
      await replay({ store, path: fresh });
      const replayed = await openProjections({ store, path: fresh });
      try {
        expect(await answers(projections)).toEqual(await answers(replayed));
      } finally {
        await replayed.close();
      }
    } finally {
      await projections.close();
    }
  });
});

async function readTypes(): Promise<string[]> {
  const types: string[] = [];
  for await (const record of store.readAll()) types.push(record.type);
  return types;
}
