import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteEventStore } from '@shiplog/store';
import type { EventStore } from '@shiplog/store';
import { openProjections } from './openProjections.ts';
import type { Projections } from './openProjections.ts';

let dir: string;
let store: EventStore;
let projections: Projections;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-follow-'));
  store = await createSqliteEventStore(join(dir, 'ledger.db'));
  projections = await openProjections({ store, path: join(dir, 'projections.db') });
});

afterEach(async () => {
  await projections.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const digest = (n: number): string => `sha256:${n.toString(16).padStart(64, '0')}`;

async function deploy(n: number): Promise<void> {
  const id = `deploy-${n}`;
  const type = 'dev.cdevents.service.deployed.0.3.0';
  const data = JSON.stringify({
    context: {
      specversion: '0.5.1',
      id,
      source: '/ci',
      type,
      timestamp: new Date(Date.UTC(2026, 0, n)).toISOString(),
    },
    subject: {
      id: 'shop',
      content: { environment: { id: 'prod' }, artifactId: `pkg:oci/shop@${digest(n)}?tag=1.${n}.0` },
    },
  });
  await store.appendToStream('deployment-prod.shop', [{ id, type, data }]);
}

async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let waited = 0; !(await condition()); waited += 10) {
    if (waited > 20_000) throw new Error('the read models did not follow the log');
    await sleep(10);
  }
}

const running = async (): Promise<string | undefined> =>
  (await projections.deployed({ env: 'prod', at: '2027-01-01T00:00:00Z' })).services[0]?.artifactId;

describe('follow', () => {
  it('applies what is appended while it follows, once, and stops on abort', async () => {
    await deploy(1);
    const controller = new AbortController();
    let applied = 0;
    const following = projections.follow({ signal: controller.signal, onApplied: (n) => (applied += n) });
    await until(async () => (await running())?.includes('tag=1.1.0') === true);
    await deploy(2);
    await deploy(3);
    await until(async () => (await running())?.includes('tag=1.3.0') === true);
    controller.abort();
    await following;
    expect(applied).toBe(3);
    expect(projections.checkpoint()).toMatchObject({ position: 3, applied: 3 });
    // After the abort nothing more is applied until asked.
    await deploy(4);
    await sleep(100);
    expect(projections.checkpoint().applied).toBe(3);
    expect(await projections.catchUp()).toBe(1);
  });

  it('ends when the projections close', async () => {
    const following = projections.follow();
    await deploy(1);
    await until(() => Promise.resolve(projections.checkpoint().applied === 1));
    await projections.close();
    await expect(following).resolves.toBeUndefined();
  });
});
