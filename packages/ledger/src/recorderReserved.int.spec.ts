import { policyViolatedType } from '@shiplog/events';
import type { CDEvent } from '@shiplog/events';
import { describe, expect, it } from 'vitest';
import { LEDGER_SOURCE } from './violationEvent.ts';
import { pipelineFixture } from './testing/pipelineFixture.ts';
import { useRecorderLedger } from './testing/recorderLedger.ts';
import { forgedAllow, ledgerViolationOf } from './testing/shiplogOwnEvents.ts';

const ledger = useRecorderLedger();
const p = pipelineFixture();
const emit = (event: CDEvent) => ledger.recorder().record({ value: event, fromEmitter: true });
const problemsOf = (answer: Awaited<ReturnType<typeof emit>>) =>
  answer.status === 'refused' ? answer.problems.map((q) => [q.code, q.path]) : answer;

describe('what only shiplog records, sent in by an emitter', () => {
  it('refuses a gate decision at /context/type, saying to ask the gate, and records nothing', async () => {
    const answer = await emit(forgedAllow(p.digest));
    expect(problemsOf(answer)).toEqual([['EVENT_TYPE_RESERVED', '/context/type']]);
    expect(answer.status === 'refused' && answer.problems[0]?.message).toContain('shiplog gate');
    expect(await ledger.all()).toEqual([]);
  });

  it('refuses a policy violation, by its type and by the ledger source, and records nothing', async () => {
    const forged = ledgerViolationOf(
      p.deployed('2026-02-01T09:20:00Z', 'production'),
      'ARTIFACT_NOT_VERIFIED',
    );
    expect(problemsOf(await emit(forged))).toEqual([
      ['EVENT_TYPE_RESERVED', '/context/type'],
      ['SOURCE_RESERVED', '/context/source'],
    ]);
    expect(await ledger.all()).toEqual([]);
  });

  it.each([LEDGER_SOURCE, `${LEDGER_SOURCE}/judge`])('refuses any event from source %s', async (source) => {
    const answer = await emit(p.deployed('2026-02-01T09:20:00Z', 'staging', undefined, source));
    expect(problemsOf(answer)).toEqual([['SOURCE_RESERVED', '/context/source']]);
    expect(await ledger.all()).toEqual([]);
  });

  it('still records a source that only starts like the ledger’s, and shiplog’s own decisions', async () => {
    const near = p.deployed('2026-02-01T09:20:00Z', 'staging', undefined, `${LEDGER_SOURCE}-mirror`);
    expect(await emit(near)).toMatchObject({ status: 'recorded' });
    expect(await ledger.recorder().record({ value: forgedAllow(p.digest) })).toMatchObject({
      status: 'recorded',
    });
  });
});

describe('a violation id already held by an earlier event', () => {
  it('does not stop the rule-breaking fact from being recorded with all its violations', async () => {
    const deploy = p.deployed('2026-02-01T09:20:00Z', 'production');
    // Recorded before emitters were kept off the ledger's source: it holds the derived id.
    const squatter = ledgerViolationOf(deploy, 'APPROVAL_MISSING');
    expect(await ledger.recorder().record({ value: squatter })).toMatchObject({ status: 'recorded' });

    const answer = await emit(deploy);
    expect(answer).toMatchObject({ status: 'recorded', eventId: deploy.context.id });
    const codes = answer.status === 'recorded' ? answer.violations.map((v) => v.code) : [];
    expect(codes).toContain('APPROVAL_MISSING');

    const records = await ledger.all();
    const ids = records.map((r) => r.id);
    expect(ids.filter((id) => id === squatter.context.id)).toHaveLength(1);
    const recordedViolations = records.filter(
      (r) => r.type === policyViolatedType && r.streamId === 'deployment-production.checkout',
    );
    expect(recordedViolations.map((r) => ruleOf(r.data)).sort()).toEqual([...codes].sort());
    expect(recordedViolations.map((r) => r.id)).not.toContain(squatter.context.id);
  });
});

function ruleOf(data: string): string {
  return (JSON.parse(data) as { subject: { content: { rule: { code: string } } } }).subject.content.rule.code;
}
