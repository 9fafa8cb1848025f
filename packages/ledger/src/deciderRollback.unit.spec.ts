import type { CDEvent } from '@shiplog/events';
import { describe, expect, it } from 'vitest';
import { decide, evolve, initialState, rollbackOf } from './decider.ts';
import { factOf, originOf } from './ledgerFact.ts';
import { rollbackDecisionEvent } from './rollbackDecision.ts';
import { given } from './testing/deciderSpec.ts';
import { pipelineFixture } from './testing/pipelineFixture.ts';

const old = pipelineFixture({ version: '1.3.0', digest: 0x130 });
const p = pipelineFixture({ version: '1.4.0', digest: 0x140 });
const target = { environment: 'staging', service: 'checkout' };

/** 1.3.0 deployed to staging and completed healthy; 1.4.0 released and deployed over it. */
function history(healthyBefore = true): CDEvent[] {
  const through = (f: typeof p, day: string): CDEvent[] => [
    f.changeCreated(`${day}T08:00:00Z`, `PR-${f.digest.slice(-3)}`),
    f.packaged(`${day}T08:05:00Z`, `PR-${f.digest.slice(-3)}`),
    f.verified(`${day}T08:10:00Z`),
    f.published(`${day}T08:15:00Z`),
  ];
  return [
    ...(healthyBefore
      ? [
          ...through(old, '2026-01-01'),
          old.deployed('2026-01-01T09:00:00Z'),
          old.postDeployVerified('2026-01-01T09:05:00Z'),
          old.completed('2026-01-01T09:10:00Z'),
        ]
      : []),
    ...through(p, '2026-01-02'),
    p.deployed('2026-01-02T09:00:00Z'),
  ];
}

describe('decide: a failed post-deploy check decides a rollback (seed 001 stage 6)', () => {
  it('records the failed check, its DEPLOY_CHECK_FAILED violation, then the rollback to the last healthy version', () => {
    const failure = p.postDeployVerified('2026-01-02T09:05:00Z', 'staging', 'fail');
    given(history())
      .when(failure)
      .then([
        {
          kind: 'postDeployVerification',
          target,
          passed: false,
          failing: ['error rate: 0.12 against 0.01'],
        },
        { kind: 'violation', offendingEventId: failure.context.id, rule: 'DEPLOY_CHECK_FAILED' },
        {
          kind: 'rollbackDecision',
          target,
          artifact: { digest: p.digest },
          to: { digest: old.digest, nameVersion: 'pkg:oci/checkout@1.3.0' },
          reason: {
            code: 'DEPLOY_CHECK_FAILED',
            message: expect.stringContaining('0.12 against 0.01') as string,
          },
          triggeredBy: failure.context.id,
          deadline: '2026-01-02T09:20:00.000Z',
        },
      ]);
  });

  it('gives the rollback the policy time bound, and no target when no version completed healthy there', () => {
    const failure = p.postDeployVerified('2026-01-02T09:05:00Z', 'staging', 'fail');
    given(history(false), { approvalEnvironments: [], rollbackWithinSeconds: 60 })
      .when(failure)
      .then([
        { kind: 'postDeployVerification' },
        { kind: 'violation', rule: 'DEPLOY_CHECK_FAILED' },
        {
          kind: 'rollbackDecision',
          to: undefined,
          reason: { message: expect.stringContaining('no version completed healthy there before') as string },
          deadline: '2026-01-02T09:06:00.000Z',
        },
      ]);
  });

  it('records a passing check alone: nothing to roll back', () => {
    given(history())
      .when(p.postDeployVerified('2026-01-02T09:05:00Z'))
      .then([{ kind: 'postDeployVerification', passed: true, failing: [] }]);
  });

  it('decides the rollback of the same bytes once: a later failure is a violation only', () => {
    const events = history();
    const state = initialState();
    events.forEach((e, position) => evolve(state, { fact: factOf(e), stamp: { ...originOf(e), position } }));
    const failure = p.canaryStep('2026-01-02T09:15:00Z', 'staging', 50, 'fail');
    const stamp = { ...originOf(failure), position: events.length };
    const rollback = rollbackOf(decide(state, { fact: factOf(failure), stamp }));
    expect(rollback).toBeDefined();
    // What the ledger records for it reads back as the decided fact.
    const decision = rollbackDecisionEvent(failure, rollback as NonNullable<typeof rollback>);
    expect(factOf(decision)).toEqual(rollback);
    given([...events, failure, decision])
      .when(p.postDeployVerified('2026-01-02T09:20:00Z', 'staging', 'fail'))
      .then([{ kind: 'postDeployVerification' }, { kind: 'violation', rule: 'DEPLOY_CHECK_FAILED' }]);
  });
});
