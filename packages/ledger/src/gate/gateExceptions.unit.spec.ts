import { parseCDEvent, waivableCheck } from '@shiplog/events';
import type { CDEvent } from '@shiplog/events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateGate } from './evaluateGate.ts';
import { defaultGatePolicy } from './gatePolicy.ts';
import type { GatePolicy } from './gatePolicy.ts';
import type { GateDecision } from './gateTypes.ts';
import {
  asEvidence,
  gateEventFixture,
  passingEvents,
  passingQualityEvents,
  pipelineProducer,
} from './testing/gateEvidenceFixture.ts';
import type { GateEventFixture } from './testing/gateEvidenceFixture.ts';
import { exceptionPolicy, releaseManagers, seed004Policy } from './testing/qualityDenials.ts';

const approvers = releaseManagers;
const policy = exceptionPolicy;

const expiresAt = '2026-03-01T00:00:00.000Z';
const before = new Date('2026-02-15T00:00:00Z');

/** Everything passes but what `failing` adds; exceptions are recorded by `grantedBy`. */
function decide(
  failing: (f: GateEventFixture) => CDEvent[],
  exceptions: (f: GateEventFixture) => CDEvent[],
  options: { now?: Date | undefined; grantedBy?: string; policy?: GatePolicy; environment?: string } = {},
): GateDecision {
  const f = gateEventFixture();
  const granted = exceptions(f);
  const events = [
    ...Object.values(passingEvents(f)),
    ...Object.values(passingQualityEvents(f)),
    ...failing(f),
    ...granted,
  ];
  const now = 'now' in options ? options.now : before;
  return evaluateGate(options.policy ?? policy, {
    artifact: { digest: f.digest },
    environment: options.environment ?? 'production',
    stage: 'deploy',
    evidence: asEvidence(events, (e) =>
      granted.includes(e) ? (options.grantedBy ?? approvers) : pipelineProducer(e),
    ),
    ...(now === undefined ? {} : { now }),
  });
}

const lowCoverage = (f: GateEventFixture) => [f.coverage(72.4, 'fail')];
const codes = (d: GateDecision) => d.reasons.map((r) => r.code);

describe('recorded exceptions: an approver lets a failing check pass, for a reason, until a time', () => {
  it('lifts the failing check, and the decision names the exception and what it lifted', () => {
    const decision = decide(lowCoverage, (f) => [f.exception('coverage', expiresAt)]);
    expect(decision.decision).toBe('allow');
    expect(decision.reasons).toEqual([]);
    const [used, ...more] = decision.exceptions;
    expect(more).toEqual([]);
    const { eventId, hash, waived, ...named } = used ?? { eventId: '', hash: '', waived: [] };
    expect(named).toEqual({
      producer: approvers,
      check: 'coverage',
      approver: 'carol',
      reason: 'fix scheduled in the next release',
      expiresAt,
    });
    expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(waived.map((r) => r.code)).toEqual(['COVERAGE_BELOW_MIN']);
    expect(waived[0]?.message).toContain('72.4%');
    // The exception is evidence the decision rests on, so a re-check reads it.
    expect(decision.evidence.map((e) => e.eventId)).toContain(eventId);
  });

  it('no longer counts once expired: the check fails again and says which exception expired', () => {
    const decision = decide(lowCoverage, (f) => [f.exception('coverage', expiresAt)], {
      now: new Date(expiresAt),
    });
    expect(decision.decision).toBe('deny');
    expect(codes(decision)).toEqual(['COVERAGE_BELOW_MIN', 'EXCEPTION_EXPIRED']);
    expect(decision.reasons[1]?.message).toMatch(
      new RegExp(
        `^exception \\S+ for coverage \\(approved by carol, recorded by ${approvers}\\) expired at ${expiresAt}$`,
      ),
    );
    expect(decision.exceptions).toEqual([]);
  });

  it('counts up to the millisecond before expiresAt and not from expiresAt on (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -86_400_000, max: 86_400_000 }), (offset) => {
        const now = new Date(Date.parse(expiresAt) + offset);
        const decision = decide(lowCoverage, (f) => [f.exception('coverage', expiresAt)], { now });
        expect(decision.decision).toBe(offset < 0 ? 'allow' : 'deny');
      }),
    );
  });

  it('does not count one from a producer the policy does not let grant exceptions, and names it', () => {
    const decision = decide(lowCoverage, (f) => [f.exception('coverage', expiresAt)], {
      grantedBy: 'api:ci',
    });
    expect(decision.decision).toBe('deny');
    expect(codes(decision)).toEqual(['COVERAGE_BELOW_MIN', 'EVIDENCE_UNTRUSTED_PRODUCER']);
    expect(decision.reasons[1]?.message).toContain('exception in event');
    expect(decision.reasons[1]?.message).toContain("its producer 'api:ci' may not report it");
    expect(decision.ignored).toEqual([expect.objectContaining({ producer: 'api:ci', kinds: ['exception'] })]);
  });

  it('names an untrusted exception only beside the check it names', () => {
    const decision = decide(
      (f) => [...lowCoverage(f), f.lint(2)],
      (f) => [f.exception('lint', expiresAt)],
      { grantedBy: 'api:ci' },
    );
    expect(codes(decision)).toEqual(['COVERAGE_BELOW_MIN', 'LINT_FAILING', 'EVIDENCE_UNTRUSTED_PRODUCER']);
  });

  it('is no one’s power by default: under a policy that names no one, no exception counts', () => {
    const decision = decide(lowCoverage, (f) => [f.exception('coverage', expiresAt)], {
      policy: seed004Policy,
    });
    expect(codes(decision)).toEqual(['COVERAGE_BELOW_MIN', 'EVIDENCE_UNTRUSTED_PRODUCER']);
    expect(defaultGatePolicy.evidenceProducers?.exception).toBeUndefined();
  });

  it('lifts only its own check, for its own bytes, in its own environment', () => {
    const other = { digest: `sha256:${'9'.repeat(64)}` };
    expect(codes(decide(lowCoverage, (f) => [f.exception('lint', expiresAt)]))).toEqual([
      'COVERAGE_BELOW_MIN',
    ]);
    expect(codes(decide(lowCoverage, (f) => [f.exception('coverage', expiresAt, { bytes: other })]))).toEqual(
      ['COVERAGE_BELOW_MIN'],
    );
    expect(
      codes(decide(lowCoverage, (f) => [f.exception('coverage', expiresAt, { environment: 'staging' })])),
    ).toEqual(['COVERAGE_BELOW_MIN']);
    // The environment is matched by identity, as approvals are.
    const spelled = decide(lowCoverage, (f) => [
      f.exception('coverage', expiresAt, { environment: 'Production' }),
    ]);
    expect(spelled.decision).toBe('allow');
    // Two failing checks, one exception: the other still denies.
    const two = decide(
      (f) => [...lowCoverage(f), f.lint(4)],
      (f) => [f.exception('coverage', expiresAt)],
    );
    expect(codes(two)).toEqual(['LINT_FAILING']);
  });

  it('counts none when the gate is given no clock, and says so', () => {
    const decision = decide(lowCoverage, (f) => [f.exception('coverage', expiresAt)], { now: undefined });
    expect(codes(decision)).toEqual(['COVERAGE_BELOW_MIN', 'EXCEPTION_EXPIRED']);
    expect(decision.reasons[1]?.message).toContain('the gate was given no clock');
  });

  it.each(waivableCheck.options)('can lift %s: each quality check of the matrix', (check) => {
    const failing: Record<string, (f: GateEventFixture) => CDEvent> = {
      tests: (f) => f.tests('fail', 2),
      coverage: (f) => f.coverage(50, 'fail'),
      vulnerabilities: (f) => f.vulnerabilityScan(1, 0),
      secretScan: (f) => f.secretScan(1),
      licenceCheck: (f) => f.licenceCheck(['SSPL-1.0']),
      lint: (f) => f.lint(2),
      typecheck: (f) => f.typecheck(2),
      performance: (f) => f.benchmark(9000),
      accessibility: (f) => f.accessibility(4, 50),
      apiContract: (f) => f.contract(2),
      e2e: (f) => f.e2e(2),
    };
    const broken = failing[check];
    if (broken === undefined) throw new Error(`no failing result for ${check}`);
    expect(
      decide(
        (f) => [broken(f)],
        () => [],
      ).decision,
    ).toBe('deny');
    const lifted = decide(
      (f) => [broken(f)],
      (f) => [f.exception(check, expiresAt)],
    );
    expect(lifted.decision).toBe('allow');
    expect(lifted.exceptions.map((e) => e.check)).toEqual([check]);
  });

  it('never lifts provenance: the contract refuses an exception for an SBOM or a signature', () => {
    const f = gateEventFixture();
    const lifted = f.exception('coverage', expiresAt);
    for (const check of ['sbom', 'signature', 'build', 'approvals']) {
      const value = structuredClone(lifted) as { subject: { content: { check: string } } };
      value.subject.content.check = check;
      expect(parseCDEvent(value).ok).toBe(false);
    }
  });
});
