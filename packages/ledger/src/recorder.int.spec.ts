import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDEvent } from '@shiplog/events';
import type { EventStore } from '@shiplog/store';
import { createSqliteEventStore, verifyChain } from '@shiplog/store';
import { describe, expect, it } from 'vitest';
import { createRecorder } from './recorder.ts';
import { pipelineFixture } from './testing/pipelineFixture.ts';
import { useRecorderLedger } from './testing/recorderLedger.ts';

const ledger = useRecorderLedger();
const store = () => ledger.store();
const recorder = () => ledger.recorder();
const all = () => ledger.all();

const record = (event: CDEvent) => recorder().record({ value: event });
const p = pipelineFixture();

describe('the recorder', () => {
  it('records a clean pipeline with no violation and an intact chain', async () => {
    const events = [
      p.changeCreated('2026-02-01T09:00:00Z'),
      p.packaged('2026-02-01T09:05:00Z'),
      p.verified('2026-02-01T09:10:00Z'),
      p.published('2026-02-01T09:15:00Z'),
      p.deployed('2026-02-01T09:20:00Z', 'staging'),
      p.postDeployVerified('2026-02-01T09:25:00Z', 'staging'),
      p.completed('2026-02-01T09:30:00Z', 'staging'),
    ];
    for (const event of events)
      expect(await record(event)).toMatchObject({ status: 'recorded', violations: [] });
    const records = await all();
    expect(records.map((r) => r.id)).toEqual(events.map((e) => e.context.id));
    expect(records.map((r) => r.streamId)).toContain(`artifact-${p.digest.slice('sha256:'.length)}`);
    expect(records.map((r) => r.streamId)).toContain('deployment-staging.checkout');
    expect((await verifyChain(store())).ok).toBe(true);
  });

  it('records a rule-breaking fact and, next to it in its stream, the violation', async () => {
    const deploy = p.deployed('2026-02-01T09:20:00Z', 'production');
    const answer = await record(deploy);
    expect(answer.status).toBe('recorded');
    const records = await all();
    expect(records[0]?.id).toBe(deploy.context.id);
    const violations = records.slice(1);
    expect(violations.map((r) => r.type)).toEqual(
      violations.map(() => 'dev.cdeventsx.shiplog-policy.violated.0.1.0'),
    );
    expect(violations.every((r) => r.streamId === 'deployment-production.checkout')).toBe(true);
    const codes = violations.map(
      (r) =>
        (JSON.parse(r.data) as { subject: { content: { rule: { code: string } } } }).subject.content.rule
          .code,
    );
    expect(codes.sort()).toEqual([
      'APPROVAL_MISSING',
      'ARTIFACT_NOT_BUILT',
      'ARTIFACT_NOT_RELEASED',
      'ARTIFACT_NOT_VERIFIED',
    ]);
  });

  it('keeps the producer text verbatim', async () => {
    const event = p.changeCreated('2026-02-01T09:00:00Z', 'PR-9');
    const text = JSON.stringify(event, null, 2);
    await recorder().record({ value: event, text });
    expect((await all())[0]?.data).toBe(text);
  });

  it('answers a retry as duplicate without writing, even after other facts arrived', async () => {
    const deploy = p.deployed('2026-02-01T09:20:00Z', 'staging');
    const first = await record(deploy);
    await record(p.packaged('2026-02-01T09:21:00Z'));
    const retry = await recorder().record({
      value: JSON.parse(JSON.stringify(deploy)) as unknown,
      text: JSON.stringify(deploy, null, 1),
    });
    expect(retry).toMatchObject({ status: 'duplicate', eventId: deploy.context.id });
    expect(
      first.status === 'recorded' && retry.status === 'duplicate' && retry.position === first.position,
    ).toBe(true);
    expect((await all()).filter((r) => r.id === deploy.context.id)).toHaveLength(1);
  });

  it('refuses the same id with other content, and records nothing', async () => {
    const event = p.changeCreated('2026-02-01T09:00:00Z', 'PR-1');
    await record(event);
    const altered = { ...event, subject: { ...event.subject, id: 'PR-2' } };
    const answer = await recorder().record({ value: altered });
    expect(answer.status).toBe('refused');
    expect(answer.status === 'refused' && answer.problems[0]?.code).toBe('EVENT_ID_REUSED');
    expect(await all()).toHaveLength(1);
  });

  it('settles repeats that arrive in one group commit: same content duplicate, other content refused', async () => {
    const filler = p.changeCreated('2026-02-01T08:00:00Z', 'PR-0');
    const event = p.changeCreated('2026-02-01T09:00:00Z', 'PR-1');
    const altered = { ...event, subject: { ...event.subject, id: 'PR-2' } };
    // The filler takes the first commit; the three others queue behind it and are decided together.
    const [, first, repeat, reused] = await Promise.all([
      record(filler),
      record(event),
      recorder().record({ value: JSON.parse(JSON.stringify(event)) as unknown }),
      recorder().record({ value: altered }),
    ]);
    expect(first).toMatchObject({ status: 'recorded', eventId: event.context.id });
    expect(repeat).toMatchObject({ status: 'duplicate', eventId: event.context.id });
    expect(reused.status === 'refused' && reused.problems[0]?.code).toBe('EVENT_ID_REUSED');
    expect((await all()).filter((r) => r.id === event.context.id)).toHaveLength(1);
  });

  it('refuses a malformed event with its problems and records nothing', async () => {
    const answer = await recorder().record({
      value: { context: { id: 'x', type: 'dev.cdevents.service.deployed.0.3.0' } },
    });
    expect(answer.status).toBe('refused');
    expect(answer.status === 'refused' && answer.problems.length).toBeGreaterThan(0);
    expect(await all()).toHaveLength(0);
  });

  it('judges with what another writer recorded in the meantime', async () => {
    const other = createRecorder({ store: store() });
    await other.record({ value: p.changeCreated('2026-02-01T09:00:00Z') });
    await other.record({ value: p.packaged('2026-02-01T09:05:00Z') });
    await other.record({ value: p.verified('2026-02-01T09:10:00Z') });
    await other.record({ value: p.published('2026-02-01T09:15:00Z') });
    expect(await record(p.deployed('2026-02-01T09:20:00Z', 'staging'))).toMatchObject({ violations: [] });
  });

  it('judges with what another writer recorded between its own commits, or during one', async () => {
    const other = createRecorder({ store: store() });
    let interleave: (() => Promise<unknown>) | undefined;
    // Another writer commits while this recorder's group is on its way to the store.
    const racing: EventStore = {
      ...store(),
      async appendBatch(appends) {
        const first = interleave;
        interleave = undefined;
        await first?.();
        return await store().appendBatch(appends);
      },
    };
    const mine = createRecorder({ store: racing });
    await mine.record({ value: p.changeCreated('2026-02-01T09:00:00Z') });
    interleave = () => other.record({ value: p.packaged('2026-02-01T09:05:00Z') });
    await mine.record({ value: p.verified('2026-02-01T09:10:00Z') });
    await other.record({ value: p.published('2026-02-01T09:15:00Z') });
    expect(await mine.record({ value: p.deployed('2026-02-01T09:20:00Z', 'staging') })).toMatchObject({
      status: 'recorded',
      violations: [],
    });
    // Without the build the other writer recorded, the same deployment breaks the contract.
    const fresh = await mkdtemp(join(tmpdir(), 'shiplog-recorder-'));
    const alone = await createSqliteEventStore(join(fresh, 'ledger.db'));
    try {
      const lone = createRecorder({ store: alone });
      for (const event of [p.changeCreated('2026-02-01T09:00:00Z'), p.verified('2026-02-01T09:10:00Z')])
        await lone.record({ value: event });
      await lone.record({ value: p.published('2026-02-01T09:15:00Z') });
      const answer = await lone.record({ value: p.deployed('2026-02-01T09:20:00Z', 'staging') });
      expect(answer.status === 'recorded' && answer.violations.length).toBeGreaterThan(0);
    } finally {
      await alone.close();
      await rm(fresh, { recursive: true, force: true });
    }
  });
});
