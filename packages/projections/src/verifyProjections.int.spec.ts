import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { createSqliteEventStore } from '@shiplog/store';
import type { EventStore, NewEvent } from '@shiplog/store';
import { codeOf } from '@shiplog/events/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProjectionsErrorCode } from './errors.ts';
import { openProjections } from './openProjections.ts';
import { replay } from './replay.ts';
import { generateHistory } from './testing/generateHistory.ts';
import { verifyProjections } from './verifyProjections.ts';

// The read models' digests follow them event by event (live) and are computed in one pass after a
// replay: both must give what a full read of the rows gives, or verify would cry wolf.
let dir: string;
let store: EventStore;
let path: string;

/** A recorded-shape event of `type` about `subject`, reported late by /ci/late. */
const event = (id: string, type: string, subject: string, content: object, at: string): NewEvent => ({
  id,
  type,
  data: JSON.stringify({
    context: { specversion: '0.5.1', id, source: '/ci/late', type, timestamp: at },
    subject: { id: subject, content },
  }),
});
const repository = { repository: { id: 'acme/late' } };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-verify-projections-'));
  store = await createSqliteEventStore(join(dir, 'ledger.db'));
  path = join(dir, 'projections.db');
  await generateHistory({ store, events: 600, services: 3 });
});

afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function edit(sql: string): void {
  const db = new DatabaseSync(path);
  db.exec(sql);
  db.close();
}

describe('verifyProjections', () => {
  it('finds read models kept live, page after page, equal to a replay, and leaves no copy behind', async () => {
    const live = await openProjections({ store, path });
    await live.catchUp();
    // Change events after the builds they started move the builds' change start (an update).
    await store.appendToStream('change-CH-1', [
      event('late-merged', 'dev.cdevents.change.merged.0.3.0', 'CH-1', repository, '2023-12-31T00:00:00Z'),
      event('late-created', 'dev.cdevents.change.created.0.4.0', 'CH-1', repository, '2023-12-30T00:00:00Z'),
    ]);
    await store.appendToStream('deployment-production.svc-new', [
      event(
        'late-deploy',
        'dev.cdevents.service.deployed.0.3.0',
        'svc-new',
        { environment: { id: 'production' }, artifactId: `pkg:oci/svc-new@sha256:${'e'.repeat(64)}` },
        '2025-01-01T00:00:00Z',
      ),
    ]);
    expect(await live.catchUp()).toBe(3);
    const [result, shared] = await Promise.all([live.verify(), live.verify()]);
    expect(shared).toBe(result); // one replay for both
    await live.close();
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
    const changes = result.models.find((m) => m.model === 'artifact_changes');
    expect(changes?.stored.rows).toBeGreaterThan(0);
    expect(changes?.replayed).toEqual(changes?.stored);
    expect((await readdir(dir)).filter((f) => f.includes('.verify-'))).toEqual([]);
  });

  it('keeps environment snapshots and what they observed live equal to a replay', async () => {
    const live = await openProjections({ store, path });
    await live.catchUp();
    const observed = [
      { service: 'svc-0', digest: `sha256:${'1'.repeat(64)}` },
      { service: 'svc-x', digest: `sha256:${'2'.repeat(64)}` },
    ];
    await store.appendToStream('snapshot-production', [
      event(
        'snapshot-1',
        'dev.cdeventsx.shiplog-environment.snapshotted.0.1.0',
        'production',
        { environment: { id: 'production' }, complete: true, observed },
        '2030-01-01T00:00:00Z',
      ),
    ]);
    expect(await live.catchUp()).toBe(1);
    const result = await live.verify();
    await live.close();
    expect(result.ok).toBe(true);
    for (const model of ['snapshots', 'observations']) {
      const verdict = result.models.find((m) => m.model === model);
      expect(verdict?.stored.rows).toBe(model === 'snapshots' ? 1 : 2);
      expect(verdict?.replayed).toEqual(verdict?.stored);
    }
  });

  it('finds replayed read models equal to their recorded digests', async () => {
    await replay({ store, path });
    const result = await verifyProjections({ store, path });
    expect(result.ok).toBe(true);
    expect(result.models.every((m) => m.stored.rows === m.recorded.rows)).toBe(true);
  });

  it('names the read model and the first differing row when a row is changed', async () => {
    await replay({ store, path });
    edit("UPDATE deployments SET artifact_id = 'pkg:oci/evil@sha256:0' WHERE rowid = 2");
    const result = await verifyProjections({ store, path });
    expect(result.ok).toBe(false);
    const bad = result.models.filter((m) => !m.ok);
    expect(bad.map((m) => m.model)).toEqual(['deployments']);
    expect(bad[0]?.firstDifference?.stored).toMatchObject({ artifact_id: 'pkg:oci/evil@sha256:0' });
    expect(bad[0]?.firstDifference?.replayed?.['event_id']).toBe(
      bad[0]?.firstDifference?.stored?.['event_id'],
    );
  });

  it('finds the events skipped by a checkpoint moved forward (only the replay can tell)', async () => {
    const live = await openProjections({ store, path });
    await live.catchUp();
    await live.close();
    const { records } = await store.appendToStream('deployment-production.svc-000', [
      event(
        'skipped',
        'dev.cdevents.service.removed.0.3.0',
        'svc-000',
        { environment: { id: 'production' } },
        '2025-01-01T00:00:00Z',
      ),
    ]);
    const head = records[0];
    edit(`UPDATE checkpoint SET position = ${head?.position}, hash = '${head?.hash}'`);
    const result = await verifyProjections({ store, path });
    expect(result.ok).toBe(false);
    const deployments = result.models.find((m) => m.model === 'deployments');
    expect(deployments?.firstDifference).toMatchObject({ stored: null, replayed: { event_id: 'skipped' } });
  });

  it('answers nothing from read models whose checkpoint was moved back, and replay mends them', async () => {
    const live = await openProjections({ store, path });
    await live.catchUp();
    const history = await live.history({ env: 'production' });
    await live.close();
    // Moved back to an event the ledger does hold there, its hash and all: only the rows tell.
    let hash = '';
    for await (const r of store.readAll({ afterPosition: 99, maxCount: 1 })) hash = r.hash;
    for (const checkpoint of [`position = 100, hash = '${hash}'`, 'position = 100, hash = NULL']) {
      edit(`UPDATE checkpoint SET ${checkpoint}`);
      const rewound = await openProjections({ store, path });
      expect(await codeOf(rewound.catchUp())).toBe(ProjectionsErrorCode.Inconsistent);
      await rewound.close();
    }
    await replay({ store, path });
    const mended = await openProjections({ store, path });
    await mended.catchUp();
    expect(await mended.history({ env: 'production' })).toEqual(history);
    expect((await mended.verify()).ok).toBe(true);
    await mended.close();
  });
});
