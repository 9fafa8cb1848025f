import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore } from '@shiplog/store';
import type { EventStore } from '@shiplog/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProjectionsErrorCode } from './errors.ts';
import { openProjections } from './openProjections.ts';
import { replay } from './replay.ts';
import { generateHistory } from './testing/generateHistory.ts';
import { codeOf } from '@shiplog/events/testing';

// An operator restores the ledger from a backup older than the read models (or points them at
// another ledger): the read models must not keep answering with facts the ledger no longer holds.
let dir: string;
let ledger: string;
let store: EventStore;
let generated: number;

const later = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `after-restore-${i}`,
    type: 'dev.cdevents.pipelinerun.queued.0.3.0',
    data: JSON.stringify({ context: { id: `after-restore-${i}` }, subject: { id: 'p', content: {} } }),
  }));

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-diverged-'));
  ledger = join(dir, 'ledger.db');
  store = await createSqliteEventStore(ledger);
  ({ events: generated } = await generateHistory({ store, events: 300, services: 2 }));
  await store.close();
  await copyFile(ledger, join(dir, 'backup.db'));
  store = await createSqliteEventStore(ledger);
  await store.appendToStream('pipeline-extra', later(50));
});

afterEach(async () => {
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

async function restoreBackup(): Promise<void> {
  await store.close();
  await copyFile(join(dir, 'backup.db'), ledger);
  store = await createSqliteEventStore(ledger);
}

describe('read models over a ledger restored from an older backup', () => {
  it('refuse to answer when the ledger is shorter than what they applied', async () => {
    const path = join(dir, 'projections.db');
    const live = await openProjections({ store, path });
    expect(await live.catchUp()).toBe(generated + 50);
    await live.close();
    await restoreBackup();
    const stale = await openProjections({ store, path });
    expect(await codeOf(stale.catchUp())).toBe(ProjectionsErrorCode.LedgerDiverged);
    await stale.close();
  });

  it('refuse too once new events reuse the positions they applied, and replay puts them right', async () => {
    const path = join(dir, 'projections.db');
    const live = await openProjections({ store, path });
    await live.catchUp();
    await live.close();
    await restoreBackup();
    await store.appendToStream('pipeline-other', later(80));
    const stale = await openProjections({ store, path });
    expect(await codeOf(stale.catchUp())).toBe(ProjectionsErrorCode.LedgerDiverged);
    await stale.close();

    const rebuilt = await replay({ store, path });
    expect(rebuilt.position).toBe(generated + 80);
    const fresh = await openProjections({ store, path });
    expect(await fresh.catchUp()).toBe(0);
    await fresh.close();
  });

  it('keep catching up over the ledger they were built from', async () => {
    const path = join(dir, 'projections.db');
    const live = await openProjections({ store, path });
    await live.catchUp();
    await store.appendToStream(
      'pipeline-more',
      later(5).map((e) => ({ ...e, id: `${e.id}-more` })),
    );
    expect(await live.catchUp()).toBe(5);
    await live.close();
  });
});
