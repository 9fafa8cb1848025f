import type { CDEvent } from '@shiplog/events';
import { verifyChain } from '@shiplog/store';
import { describe, expect, it } from 'vitest';
import { pipelineFixture } from './testing/pipelineFixture.ts';
import { useRecorderLedger } from './testing/recorderLedger.ts';

const ledger = useRecorderLedger();
const store = () => ledger.store();
const recorder = () => ledger.recorder();
const all = () => ledger.all();

const p = pipelineFixture();
/** The same event as another producer would send it: same id, its own source. */
const from = (source: string, event: CDEvent): CDEvent => ({
  ...event,
  context: { ...event.context, source },
});
const record = (event: CDEvent) => recorder().record({ value: JSON.parse(JSON.stringify(event)) as unknown });

describe('the recorder keys facts by (source, id)', () => {
  it('records the same id from two producers as two facts, each with its own violations', async () => {
    const deploy = p.deployed('2026-02-01T09:20:00Z', 'production');
    const a = from('/ci/a', { ...deploy, context: { ...deploy.context, id: '42' } });
    const b = from('/ci/b', { ...a, subject: { ...a.subject, id: 'payments' } });
    const first = await record(a);
    const second = await record(b);
    expect(first).toMatchObject({ status: 'recorded', eventId: '42' });
    expect(second).toMatchObject({ status: 'recorded', eventId: '42' });
    const violationsOf = (answer: typeof first) => (answer.status === 'recorded' ? answer.violations : []);
    expect(violationsOf(second).length).toBeGreaterThan(0);
    expect(violationsOf(second).map((v) => v.code)).toEqual(violationsOf(first).map((v) => v.code));
    const facts = await store().readEventsById('42');
    expect(facts.map((r) => [r.source, r.streamId])).toEqual([
      ['/ci/a', 'deployment-production.checkout'],
      ['/ci/b', 'deployment-production.payments'],
    ]);
    // Every violation is its own record: none was refused as a reuse of the other's.
    const violations = (await all()).filter((r) => r.type.includes('policy.violated'));
    expect(new Set(violations.map((r) => r.id)).size).toBe(violations.length);
    expect(violations).toHaveLength(violationsOf(first).length * 2);
    expect((await verifyChain(store())).ok).toBe(true);
  });

  it('settles one id from two producers in one group commit, and answers each retry as its own duplicate', async () => {
    const filler = p.changeCreated('2026-02-01T08:00:00Z', 'PR-0');
    const a = from('/ci/a', p.changeCreated('2026-02-01T09:00:00Z', 'PR-1'));
    const b = from('/ci/b', { ...a, subject: { ...a.subject, id: 'PR-2' } });
    const [, ra, rb, again] = await Promise.all([record(filler), record(a), record(b), record(b)]);
    expect(ra).toMatchObject({ status: 'recorded' });
    expect(rb).toMatchObject({ status: 'recorded' });
    expect(again).toMatchObject({ status: 'duplicate' });
    const position = (answer: typeof ra) => (answer.status === 'refused' ? -1 : answer.position);
    expect(position(again)).toBe(position(rb));
    expect(position(ra)).not.toBe(position(rb));
    const retried = await record(a);
    expect(retried).toMatchObject({ status: 'duplicate', position: position(ra) });
    expect((await store().readEventsById(a.context.id)).map((r) => r.source)).toEqual(['/ci/a', '/ci/b']);
  });

  it('refuses other content under one producer id, naming the field and the source', async () => {
    const a = from('/ci/a', p.changeCreated('2026-02-01T09:00:00Z', 'PR-1'));
    await record(a);
    await record(from('/ci/b', a));
    const altered = from('/ci/b', { ...a, subject: { ...a.subject, id: 'PR-9' } });
    const answer = await record(altered);
    expect(answer.status === 'refused' && answer.problems[0]).toMatchObject({
      path: '/context/id',
      code: 'EVENT_ID_REUSED',
    });
    expect(answer.status === 'refused' && answer.problems[0]?.message).toContain('/ci/b');
    expect(await store().readEventsById(a.context.id)).toHaveLength(2);
  });
});
