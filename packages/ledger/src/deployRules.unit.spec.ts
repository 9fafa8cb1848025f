import type { CDEvent } from '@shiplog/events';
import { describe, expect, it } from 'vitest';
import { decide, evolve, initialState, rollbackOf, violationsOf } from './decider.ts';
import { factOf, originOf } from './ledgerFact.ts';
import { rollbackDecisionEvent } from './rollbackDecision.ts';
import { pipelineFixture } from './testing/pipelineFixture.ts';
import { defaultLedgerPolicy } from './violations.ts';
import type { LedgerPolicy } from './violations.ts';

/**
 * Decides each event against those before it and folds in what was decided, the rollback shiplog
 * decides included, as the recorder does; returns the violation codes per event, the decision
 * events and the state.
 */
function run(events: readonly CDEvent[], policy: LedgerPolicy = defaultLedgerPolicy) {
  const view = initialState();
  const decisions: CDEvent[] = [];
  const codes = events.map((event, position) => {
    const stamp = { ...originOf(event), position };
    const fact = factOf(event);
    const [, ...found] = decide(view, { fact, stamp }, policy);
    evolve(view, { fact, stamp });
    const rollback = rollbackOf(found);
    if (rollback !== undefined) {
      const decision = rollbackDecisionEvent(event, rollback);
      decisions.push(decision);
      // What the ledger records reads back as the fact it decided.
      expect(factOf(decision)).toEqual(rollback);
      evolve(view, { fact: factOf(decision), stamp: { ...originOf(decision), position } });
    }
    return violationsOf(found).map((v) => v.code);
  });
  return { codes, decisions, view };
}

const old = pipelineFixture({ version: '1.3.0', digest: 0x130 });
const p = pipelineFixture({ version: '1.4.0', digest: 0x140 });

/** 1.3.0 through production, completed healthy; 1.4.0 released and approved for production. */
function history(): CDEvent[] {
  const through = (f: typeof p, day: string): CDEvent[] => [
    f.changeCreated(`${day}T08:00:00Z`, `PR-${f.digest.slice(-3)}`),
    f.packaged(`${day}T08:05:00Z`, `PR-${f.digest.slice(-3)}`),
    f.verified(`${day}T08:10:00Z`),
    f.published(`${day}T08:15:00Z`),
    f.approved(`${day}T08:20:00Z`, 'production'),
  ];
  return [
    ...through(old, '2026-01-01'),
    old.deployed('2026-01-01T09:00:00Z', 'production'),
    old.postDeployVerified('2026-01-01T09:05:00Z', 'production'),
    old.completed('2026-01-01T09:10:00Z', 'production'),
    ...through(p, '2026-01-02'),
  ];
}

describe('post-deploy checks and rollout windows (seeds 001 and 004)', () => {
  it('flags a failed post-deploy check with what was measured, and decides a rollback to the last healthy version', () => {
    const { codes, decisions } = run([
      ...history(),
      p.deployed('2026-01-02T09:00:00Z', 'production'),
      p.postDeployVerified('2026-01-02T09:05:00Z', 'production', 'fail'),
    ]);
    expect(codes.at(-1)).toEqual(['DEPLOY_CHECK_FAILED']);
    expect(decisions).toHaveLength(1);
    const content = decisions[0]?.subject.content as Record<string, unknown>;
    expect(content['from']).toMatchObject({ digest: p.digest });
    expect(content['to']).toMatchObject({ digest: old.digest });
    expect(JSON.stringify(content['to'])).toContain('1.3.0');
    expect(content['deadline']).toBe('2026-01-02T09:20:00.000Z'); // 900 s after the failure
    expect((content['reason'] as { message: string }).message).toContain('0.12 against 0.01');
  });

  it('runs a canary 10% -> 50%: the failed 50% window is flagged and decides the rollback once', () => {
    const { codes, decisions } = run([
      ...history(),
      p.deployed('2026-01-02T09:00:00Z', 'production'),
      p.canaryStep('2026-01-02T09:00:01Z', 'production', 10, 'started'),
      p.canaryStep('2026-01-02T09:15:01Z', 'production', 10, 'pass'),
      p.canaryStep('2026-01-02T09:15:02Z', 'production', 50, 'started'),
      p.canaryStep('2026-01-02T09:45:02Z', 'production', 50, 'fail'),
      p.postDeployVerified('2026-01-02T09:46:00Z', 'production', 'fail'),
    ]);
    expect(codes.slice(-5)).toEqual([[], [], [], ['DEPLOY_CHECK_FAILED'], ['DEPLOY_CHECK_FAILED']]);
    expect(decisions.map((d) => (d.subject.content as { triggeredBy: string }).triggeredBy)).toEqual([
      expect.stringContaining('rolloutstep'),
    ]);
  });

  it('judges rolling and blue-green windows the same way, naming the strategy and step', () => {
    const step = (strategy: 'rolling' | 'blue-green', outcome: 'pass' | 'fail'): CDEvent => {
      const event = structuredClone(p.canaryStep('2026-01-02T09:10:00Z', 'production', 10, outcome));
      const content = event.subject.content as Record<string, unknown>;
      content['strategy'] = strategy;
      content['step'] =
        strategy === 'rolling'
          ? { index: 2, of: 4, replicas: { updated: 2, total: 4 } }
          : { index: 1, color: 'green' };
      return event;
    };
    for (const strategy of ['rolling', 'blue-green'] as const) {
      const { codes, view } = run([
        ...history(),
        p.deployed('2026-01-02T09:00:00Z', 'production'),
        step(strategy, 'fail'),
      ]);
      expect(codes.at(-1), strategy).toEqual(['DEPLOY_CHECK_FAILED']);
      expect(view.rollbacks.get('production/checkout')?.to?.digest, strategy).toBe(old.digest);
      expect(
        run([
          ...history(),
          p.deployed('2026-01-02T09:00:00Z', 'production'),
          step(strategy, 'pass'),
        ]).codes.at(-1),
      ).toEqual([]);
    }
  });

  it('flags a rollout step of bytes never deployed there', () => {
    const { codes } = run([...history(), p.canaryStep('2026-01-02T09:00:01Z', 'production', 10, 'started')]);
    expect(codes.at(-1)).toEqual(['STAGE_SKIPPED']);
  });

  it("flags 'completed' with success after the check failed, not after a passing one", () => {
    const failed = run([
      ...history(),
      p.deployed('2026-01-02T09:00:00Z', 'production'),
      p.postDeployVerified('2026-01-02T09:05:00Z', 'production', 'fail'),
      p.completed('2026-01-02T09:10:00Z', 'production'),
    ]);
    expect(failed.codes.at(-1)).toEqual(['COMPLETED_AFTER_FAILURE']);
    const honest = run([
      ...history(),
      p.deployed('2026-01-02T09:00:00Z', 'production'),
      p.postDeployVerified('2026-01-02T09:05:00Z', 'production', 'fail'),
      p.completed('2026-01-02T09:10:00Z', 'production', 'failure'),
    ]);
    expect(honest.codes.at(-1)).toEqual([]);
  });
});

describe('rollbacks shiplog decided', () => {
  const failedAt = (): CDEvent[] => [
    ...history(),
    p.deployed('2026-01-02T09:00:00Z', 'production'),
    p.postDeployVerified('2026-01-02T09:05:00Z', 'production', 'fail'),
  ];

  it('takes a rollback within the deadline, or a redeploy of the older version, as the answer', () => {
    expect(run([...failedAt(), old.rolledBack('2026-01-02T09:19:00Z', 'production')]).codes.at(-1)).toEqual(
      [],
    );
    const redeploy = run([...failedAt(), old.deployed('2026-01-02T09:19:00Z', 'production')]);
    expect(redeploy.codes.at(-1)).toEqual([]);
    expect(redeploy.view.rollbacks.size).toBe(0);
  });

  it('flags a rollback after its deadline', () => {
    const { codes } = run([...failedAt(), old.rolledBack('2026-01-02T09:21:00Z', 'production')]);
    expect(codes.at(-1)).toEqual(['ROLLBACK_PAST_DEADLINE']);
  });

  it('takes the deadline from the policy', () => {
    const policy = { ...defaultLedgerPolicy, rollbackWithinSeconds: 3600 };
    const { codes } = run([...failedAt(), old.rolledBack('2026-01-02T09:21:00Z', 'production')], policy);
    expect(codes.at(-1)).toEqual([]);
  });

  it('names no target when no version completed healthy there', () => {
    const { decisions } = run([
      ...history().slice(0, 5),
      ...history().slice(8),
      p.deployed('2026-01-02T09:00:00Z', 'production'),
      p.postDeployVerified('2026-01-02T09:05:00Z', 'production', 'fail'),
    ]);
    const content = decisions[0]?.subject.content as Record<string, unknown>;
    expect(content['to']).toBeUndefined();
    expect((content['reason'] as { message: string }).message).toContain('no version completed healthy');
  });
});

describe('gates (seed 004: deploy only when the quality gates pass)', () => {
  it('flags a deployment into a gated environment with no gate decision', () => {
    const { codes } = run([
      ...history(),
      old.gateDecided('2026-01-02T08:30:00Z', 'production'),
      p.deployed('2026-01-02T09:00:00Z', 'production'),
    ]);
    expect(codes.at(-1)).toEqual(['DEPLOY_WITHOUT_GATE']);
  });

  it('flags a deployment the gate denied, and passes one it allowed', () => {
    const denied = run([
      ...history(),
      p.gateDecided('2026-01-02T08:30:00Z', 'production', 'deny'),
      p.deployed('2026-01-02T09:00:00Z', 'production'),
    ]);
    expect(denied.codes.at(-1)).toEqual(['DEPLOY_WITHOUT_GATE']);
    const allowed = run([
      ...history(),
      p.gateDecided('2026-01-02T08:30:00Z', 'production'),
      p.deployed('2026-01-02T09:00:00Z', 'production'),
    ]);
    expect(allowed.codes.at(-1)).toEqual([]);
  });

  it('gates environments the policy names even before any gate decision', () => {
    const policy = { ...defaultLedgerPolicy, gatedEnvironments: ['production'] };
    expect(
      run([...history(), p.deployed('2026-01-02T09:00:00Z', 'production')], policy).codes.at(-1),
    ).toEqual(['DEPLOY_WITHOUT_GATE']);
    expect(run([...history(), p.deployed('2026-01-02T09:00:00Z', 'production')]).codes.at(-1)).toEqual([]);
  });

  it('does not gate a rollback', () => {
    const { codes } = run([
      ...history(),
      p.gateDecided('2026-01-02T08:30:00Z', 'production'),
      p.deployed('2026-01-02T09:00:00Z', 'production'),
      old.rolledBack('2026-01-02T09:10:00Z', 'production'),
    ]);
    expect(codes.at(-1)).toEqual([]);
  });
});
