import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDEvent, GateDecidedEvent } from '@shiplog/events';
import { createSqliteEventStore } from '@shiplog/store';
import type { EventStore } from '@shiplog/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRecorder } from '../recorder.ts';
import type { Recorder } from '../recorder.ts';
import { decideGate } from './decideGate.ts';
import { recheckGate } from './recheckGate.ts';
import {
  gateEventFixture,
  passingEvents,
  passingQualityEvents,
  pipelineProducer,
} from './testing/gateEvidenceFixture.ts';
import { exceptionPolicy as policy, releaseManagers as approvers } from './testing/qualityDenials.ts';

let dir: string;
let store: EventStore;
let recorder: Recorder;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-gate-exceptions-'));
  store = await createSqliteEventStore(join(dir, 'ledger.db'));
  recorder = createRecorder({ store, producer: 'test' });
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function record(events: readonly CDEvent[], producerOf: (e: CDEvent) => string): Promise<void> {
  for (const event of events) {
    const answer = await recorder.record({ value: event, producer: producerOf(event) });
    expect(answer.status).toBe('recorded');
  }
}

describe('a recorded decision that used an exception re-checks at the time it was made (SQLite)', () => {
  it('confirms an allow after the exception has since expired, and a deny once it had', async () => {
    const f = gateEventFixture();
    const exception = f.exception('coverage', '2026-03-01T00:00:00Z');
    await record(
      [...Object.values(passingEvents(f)), ...Object.values(passingQualityEvents(f)), f.coverage(71, 'fail')],
      pipelineProducer,
    );
    await record([exception], () => approvers);

    const at = async (now: string): Promise<GateDecidedEvent> => {
      const outcome = await decideGate({
        store,
        recorder,
        policy,
        artifact: { digest: f.digest },
        environment: 'production',
        stage: 'deploy',
        source: '/shiplog/test',
        now: new Date(now),
        gateId: `gate-${now}`,
      });
      const record = await store.readEvent(outcome.gateId);
      return JSON.parse(record?.data ?? '{}') as GateDecidedEvent;
    };
    const before = await at('2026-02-15T00:00:00.000Z');
    expect(before.subject.content.decision).toBe('allow');
    expect(before.subject.content.exceptions?.map((e) => e.eventId)).toEqual([exception.context.id]);
    // Today is past the expiry; the re-check still judges the exception as of the decision.
    const recheckBefore = await recheckGate(store, before, policy);
    expect(recheckBefore.confirmed).toBe(true);
    expect(recheckBefore.decision.exceptions.map((e) => e.eventId)).toEqual([exception.context.id]);

    const after = await at('2026-03-01T00:00:00.000Z');
    expect(after.subject.content.decision).toBe('deny');
    expect(after.subject.content.reasons.map((r) => r.code)).toEqual([
      'COVERAGE_BELOW_MIN',
      'EXCEPTION_EXPIRED',
    ]);
    // The expired exception is evidence of the denial too, so the re-check reads it.
    expect(after.subject.content.evidence.map((e) => e.eventId)).toContain(exception.context.id);
    expect((await recheckGate(store, after, policy)).confirmed).toBe(true);
  });
});
