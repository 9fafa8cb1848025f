import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDEvent } from '@shiplog/events';
import { createRecorder, ProducerIdentity, snapshotProducers } from '@shiplog/ledger';
import { pipelineFixture } from '@shiplog/ledger/testing/pipelineFixture.ts';
import { snapshotEvent } from '@shiplog/ledger/testing/snapshotFixture.ts';
import { createSqliteEventStore } from '@shiplog/store';
import type { EventStore } from '@shiplog/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeployedAnswer } from './answers.ts';
import { openProjections } from './openProjections.ts';

// A forged "clean" snapshot must not hide drift: `deployed` believes only producers the operator
// trusts for snapshots, while the ledger records (and judges) every snapshot.
const app = pipelineFixture({ name: 'app', digest: 1 });
const manual = `sha256:${'f'.repeat(64)}`;
const intruder = 'api:intruder';

let dir: string;
let store: EventStore;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-snapshot-trust-'));
  store = await createSqliteEventStore(join(dir, 'ledger.db'));
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function record(event: CDEvent, producer: string) {
  return createRecorder({ store }).record({ value: event, producer });
}

async function deployed(trusted?: readonly string[]): Promise<DeployedAnswer> {
  const projections = await openProjections({
    store,
    path: join(dir, `projections-${trusted?.join('+') ?? 'default'}.db`),
    ...(trusted === undefined ? {} : { snapshotProducers: trusted }),
  });
  try {
    await projections.catchUp();
    return await projections.deployed({ env: 'production', at: '2026-01-02T00:00:00Z' });
  } finally {
    await projections.close();
  }
}

const observedOf = (answer: DeployedAnswer) => answer.services.find((s) => s.service === 'app')?.observed;

describe('deployed counts only snapshots from producers trusted for snapshots', () => {
  it('keeps the drift a trusted snapshot saw when an untrusted producer later records a clean one', async () => {
    await record(app.deployed('2026-01-01T10:00:00Z', 'production'), ProducerIdentity.Local);
    const drifted = snapshotEvent('production', [['app', manual]], { at: '2026-01-01T11:00:00Z' });
    expect(await record(drifted, ProducerIdentity.Local)).toMatchObject({
      status: 'recorded',
      violations: [{ code: 'UNRECORDED_RUNTIME_CHANGE' }],
    });
    const forged = snapshotEvent('production', [['app', app.digest]], { at: '2026-01-01T12:00:00Z' });
    expect(await record(forged, intruder)).toMatchObject({ status: 'recorded' });

    expect(observedOf(await deployed())).toMatchObject({
      snapshotEventId: drifted.context.id,
      digests: [manual],
      drift: 'UNRECORDED_RUNTIME_CHANGE',
      producer: ProducerIdentity.Local,
    });
    // Once the operator names the producer, its snapshot is what deployed shows.
    expect(observedOf(await deployed(snapshotProducers([intruder])))).toMatchObject({
      snapshotEventId: forged.context.id,
      drift: null,
      producer: intruder,
    });
  });

  it('shows nothing observed, never "as recorded", when only an untrusted producer sent a snapshot', async () => {
    await record(app.deployed('2026-01-01T10:00:00Z', 'production'), ProducerIdentity.Local);
    await record(
      snapshotEvent('production', [['app', app.digest]], { at: '2026-01-01T12:00:00Z' }),
      intruder,
    );
    await record(
      snapshotEvent('production', [['debug-shell', manual]], { at: '2026-01-01T12:30:00Z', complete: false }),
      intruder,
    );
    const answer = await deployed();
    expect(observedOf(answer)).toBeNull();
    expect(answer.unrecorded).toEqual([]);
  });
});
