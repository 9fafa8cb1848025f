import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openProjections } from '@shiplog/projections';
import { buildEvent, createEmitter } from '@shiplog/sdk';
import { createSqliteEventStore } from '@shiplog/store';
import type { EventStore } from '@shiplog/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let dir: string;
let store: EventStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-corrections-'));
  store = await createSqliteEventStore(join(dir, 'ledger.db'));
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

const digest = (n: number): string => `pkg:oci/shop@sha256:${n.toString(16).padStart(64, '0')}?tag=1.0.${n}`;
const deployed = (id: string, source: string, artifactId: string, customData?: Record<string, unknown>) =>
  buildEvent('dev.cdevents.service.deployed.0.3.0', {
    id,
    source,
    timestamp: '2026-03-01T10:00:00Z',
    subjectId: 'shop',
    content: { environment: { id: 'production' }, artifactId },
    ...(customData === undefined ? {} : { customData }),
  });

async function whatRuns(): Promise<(string | null)[]> {
  const projections = await openProjections({ store, path: join(dir, 'projections.db') });
  await projections.catchUp();
  try {
    return (await projections.deployed({ env: 'production' })).services.map((s) => s.artifactId);
  } finally {
    await projections.close();
  }
}

describe('corrections (customData.supersedes)', () => {
  it('let a producer correct its own report in the same stream', async () => {
    const emitter = await createEmitter({ store });
    await emitter.emit(deployed('d-1', '/argocd/prod', digest(1)));
    await emitter.emit(deployed('d-1-fix', '/argocd/prod', digest(2), { supersedes: 'd-1' }));
    expect(await whatRuns()).toEqual([digest(2)]);
  });

  it('never let another source, or an event of another stream, hide a recorded fact', async () => {
    const emitter = await createEmitter({ store });
    await emitter.emit(deployed('d-1', '/argocd/prod', digest(1)));
    await emitter.emit(
      buildEvent('dev.cdevents.change.created.0.4.0', {
        id: 'c-9',
        source: '/argocd/prod',
        subjectId: 'PR-9',
        content: { repository: { id: 'acme/shop' } },
        customData: { supersedes: 'd-1' },
      }),
    );
    await emitter.emit(deployed('d-2', '/someone/else', digest(1), { supersedes: 'd-1' }));
    expect(await whatRuns()).toEqual([digest(1)]);
  });

  it('correct the fact of their own source when another source used the same id first', async () => {
    const emitter = await createEmitter({ store });
    const elsewhere = deployed('d-1', '/someone/else', digest(5));
    await emitter.emit({ ...elsewhere, subject: { ...elsewhere.subject, id: 'cart' } });
    await emitter.emit(deployed('d-1', '/argocd/prod', digest(1)));
    // The fix says what really ran, from earlier on: only as a correction does it replace d-1.
    const fix = deployed('d-1-fix', '/argocd/prod', digest(2), { supersedes: 'd-1' });
    await emitter.emit({ ...fix, context: { ...fix.context, timestamp: '2026-03-01T09:00:00Z' } });
    expect((await whatRuns()).sort()).toEqual([digest(2), digest(5)].sort());
  });
});
