import { mkdtemp, rm } from 'node:fs/promises';
import { DatabaseSync } from 'node:sqlite';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDEvent, GateDecidedEvent } from '@shiplog/events';
import { createSqliteEventStore, recordHash } from '@shiplog/store';
import type { EventStore, RecordedEvent } from '@shiplog/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRecorder } from '../recorder.ts';
import type { Recorder } from '../recorder.ts';
import { evaluateGate } from './evaluateGate.ts';
import { gateDecisionEvent } from './gateDecisionEvent.ts';
import { defaultGatePolicy, parseGatePolicy } from './gatePolicy.ts';
import { gatherGateEvidence } from './gatherGateEvidence.ts';
import { recheckGate } from './recheckGate.ts';
import { gateEventFixture, passingEvents, pipelineProducer } from './testing/gateEvidenceFixture.ts';

let dir: string;
let store: EventStore;
let recorder: Recorder;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-gate-'));
  store = await createSqliteEventStore(join(dir, 'ledger.db'));
  recorder = createRecorder({ store, producer: 'test' });
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function recordAll(
  events: readonly CDEvent[],
  producerOf: (event: CDEvent) => string = pipelineProducer,
): Promise<void> {
  for (const event of events) {
    const answer = await recorder.record({ value: event, producer: producerOf(event) });
    expect(answer.status).toBe('recorded');
  }
}

async function recordsById(): Promise<Map<string, RecordedEvent>> {
  const byId = new Map<string, RecordedEvent>();
  for await (const r of store.readAll()) byId.set(r.id, r);
  return byId;
}

async function gate(f: ReturnType<typeof gateEventFixture>, id: string): Promise<GateDecidedEvent> {
  const artifact = { digest: f.digest };
  const evidence = await gatherGateEvidence(store, artifact, 'production');
  const decision = evaluateGate(defaultGatePolicy, {
    artifact,
    environment: 'production',
    stage: 'deploy',
    evidence,
  });
  const event = gateDecisionEvent({
    gateId: id,
    source: '/shiplog/test',
    timestamp: '2026-02-02T10:00:00Z',
    artifact,
    environment: 'production',
    stage: 'deploy',
    decision,
  });
  expect((await recorder.record({ value: event })).status).toBe('recorded');
  return event;
}

describe('gatherGateEvidence and the recorded decision', () => {
  it('reads the artifact and prior-stage streams, and the decision pins their record hashes', async () => {
    const f = gateEventFixture();
    const unrelated = gateEventFixture({ name: 'payments', digestSeed: 0x77 });
    await recordAll([
      ...Object.values(passingEvents(f)),
      unrelated.packaged(),
      unrelated.deployed('staging'),
    ]);
    const decided = await gate(f, 'gate-1');
    expect(decided.subject.content.decision).toBe('allow');

    const records = await recordsById();
    const named = decided.subject.content.evidence;
    expect(named.map((e) => e.eventId)).toEqual(
      Object.values(passingEvents(gateEventFixture())).map((e) => e.context.id),
    );
    for (const e of named) expect(e.hash).toBe(`sha256:${records.get(e.eventId)?.hash}`);
    expect(records.get('gate-1')?.streamId).toBe('gate-gate-1');
  });

  it('re-checks a recorded decision to the same answer after newer evidence arrives', async () => {
    const f = gateEventFixture();
    const passing = passingEvents(f);
    await recordAll(Object.values(passing).filter((e) => e !== passing.sbom));
    const decided = await gate(f, 'gate-2');
    expect(decided.subject.content.reasons.map((r) => r.code)).toEqual(['SBOM_MISSING']);

    await recordAll([passing.sbom, f.tests('fail', 4)]);
    const recheck = await recheckGate(store, decided, defaultGatePolicy);
    expect(recheck).toMatchObject({ confirmed: true, policyMatches: true, evidenceMismatches: [] });
    expect(recheck.decision.reasons.map((r) => r.code)).toEqual(['SBOM_MISSING']);

    // Asked again now, the gate sees the new evidence.
    const now = await gate(f, 'gate-3');
    expect(now.subject.content.reasons.map((r) => r.code)).toEqual(['TESTS_FAILING']);
  });

  it('records the evidence it ignored (an SBOM from an emitter), and re-checks it to the same answer', async () => {
    const f = gateEventFixture();
    const passing = passingEvents(f);
    await recordAll(Object.values(passing).filter((e) => e !== passing.sbom));
    await recordAll([passing.sbom], () => 'api:ci');
    const decided = await gate(f, 'gate-forged');
    const content = decided.subject.content;
    expect(content.decision).toBe('deny');
    expect(content.reasons.map((r) => r.code)).toEqual(['SBOM_MISSING', 'EVIDENCE_UNTRUSTED_PRODUCER']);
    const records = await recordsById();
    expect(content.ignored).toEqual([
      {
        eventId: passing.sbom.context.id,
        hash: `sha256:${records.get(passing.sbom.context.id)?.hash}`,
        producer: 'api:ci',
        kinds: ['sbom'],
      },
    ]);
    expect(content.evidence.map((e) => e.eventId)).not.toContain(passing.sbom.context.id);
    expect(await recheckGate(store, decided, defaultGatePolicy)).toMatchObject({ confirmed: true });
  });

  it('does not confirm a decision under another policy', async () => {
    const f = gateEventFixture();
    await recordAll(Object.values(passingEvents(f)));
    const decided = await gate(f, 'gate-4');
    const other = parseGatePolicy({ ...defaultGatePolicy, id: 'other' });
    expect(await recheckGate(store, decided, other)).toMatchObject({
      confirmed: false,
      policyMatches: false,
    });
  });

  it('names tampered evidence: content altered, or altered with its hash recomputed', async () => {
    const f = gateEventFixture();
    const passing = passingEvents(f);
    await recordAll(Object.values(passing));
    const decided = await gate(f, 'gate-5');
    await store.close();
    const db = new DatabaseSync(join(dir, 'ledger.db'));
    try {
      const row = (id: string) =>
        db.prepare('SELECT * FROM events WHERE event_id = ?').get(id) as Record<string, string | number>;
      const failed = (data: unknown) => String(data).replace('"pass"', '"fail"');
      // Content altered, stored hash left alone.
      const tests = row(passing.tests.context.id);
      db.prepare('UPDATE events SET data = ? WHERE event_id = ?').run(
        failed(tests['data']),
        tests['event_id'] as string,
      );
      // Content altered and its record hash recomputed, so the record alone looks intact.
      const scan = row(passing.secretScan.context.id);
      const record = {
        streamId: scan['stream_id'] as string,
        revision: scan['revision'] as number,
        id: scan['event_id'] as string,
        type: scan['type'] as string,
        producer: scan['producer'] as string,
        recordedAt: scan['recorded_at'] as string,
        data: failed(scan['data']),
      };
      const rehashed = recordHash(scan['prev_hash'] as string, scan['stream_prev_hash'] as string, record);
      db.prepare('UPDATE events SET data = ?, hash = ? WHERE event_id = ?').run(
        record.data,
        rehashed,
        record.id,
      );
    } finally {
      db.close();
    }
    store = await createSqliteEventStore(join(dir, 'ledger.db'));
    const recheck = await recheckGate(store, decided, defaultGatePolicy);
    expect(recheck.confirmed).toBe(false);
    expect(recheck.evidenceMismatches).toEqual([passing.tests.context.id, passing.secretScan.context.id]);
  });
});
