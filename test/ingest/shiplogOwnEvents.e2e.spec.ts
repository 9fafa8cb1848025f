import { createRecorder } from '@shiplog/ledger';
import { forgedAllow, ledgerViolationOf } from '@shiplog/ledger/testing/shiplogOwnEvents.ts';
import { createEmitter } from '@shiplog/sdk';
import type { Emitter } from '@shiplog/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatePipeline } from '../gate/gatePipeline.ts';
import { createIngestWorld } from './ingestHarness.ts';
import type { IngestWorld } from './ingestHarness.ts';

let world: IngestWorld;
let emitter: Emitter;
beforeAll(async () => {
  world = await createIngestWorld();
  await world.startInProcess();
  emitter = await createEmitter({ bus: world.bus, answerTimeoutMs: 20_000 });
});
afterAll(async () => {
  await emitter?.close();
  await world?.dispose();
});

const p = gatePipeline('nats-owned', 0x0e2);
const ids = async () => (await world.records()).map((r) => r.id);

describe('what only shiplog decides, sent in over NATS', () => {
  it('refuses a forged allow and a forged violation, naming the field, and records nothing', async () => {
    const before = await ids();
    const allow = await emitter.emit(forgedAllow(p.digest, 'nats-forged'));
    expect(allow.status === 'refused' && allow.problems.map((q) => [q.code, q.path])).toEqual([
      ['EVENT_TYPE_RESERVED', '/context/type'],
    ]);
    const violation = await emitter.emit(ledgerViolationOf(p.deployed('production'), 'APPROVAL_MISSING'));
    expect(violation.status === 'refused' && violation.problems.map((q) => q.code)).toEqual([
      'EVENT_TYPE_RESERVED',
      'SOURCE_RESERVED',
    ]);
    expect(await ids()).toEqual(before);
  });

  it('records an unapproved production deploy whose violation id an earlier event holds, with its violation', async () => {
    const deploy = p.deployed('production');
    const store = await world.openStore();
    try {
      const squatter = ledgerViolationOf(deploy, 'APPROVAL_MISSING');
      expect(await createRecorder({ store }).record({ value: squatter })).toMatchObject({
        status: 'recorded',
      });
    } finally {
      await store.close();
    }
    const answer = await emitter.emit(deploy);
    expect(answer).toMatchObject({ status: 'recorded', eventId: deploy.context.id });
    expect(answer.status === 'recorded' && answer.violations.map((v) => v.code)).toContain(
      'APPROVAL_MISSING',
    );
  });
});
