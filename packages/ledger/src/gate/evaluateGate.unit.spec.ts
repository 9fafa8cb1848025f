import type { CDEvent } from '@shiplog/events';
import { describe, expect, it } from 'vitest';
import { evaluateGate } from './evaluateGate.ts';
import { defaultGatePolicy, parseGatePolicy } from './gatePolicy.ts';
import type { GatePolicy } from './gatePolicy.ts';
import { GateReasonCode } from './gateReasonCodes.ts';
import type { GateDecision } from './gateTypes.ts';
import {
  asEvidence,
  gateEventFixture,
  passingEvents,
  pipelineProducer,
} from './testing/gateEvidenceFixture.ts';
import type { GateEventFixture, PassingEvents } from './testing/gateEvidenceFixture.ts';
import { nothingRequired, qualityDenials } from './testing/qualityDenials.ts';

function decide(
  f: GateEventFixture,
  events: readonly CDEvent[],
  options: { environment?: string; policy?: GatePolicy; service?: string } = {},
): GateDecision {
  return evaluateGate(options.policy ?? defaultGatePolicy, {
    artifact: { digest: f.digest },
    environment: options.environment ?? 'production',
    stage: 'deploy',
    ...(options.service === undefined ? {} : { service: options.service }),
    evidence: asEvidence(events),
  });
}

/** The passing evidence without some of it, plus later events. */
function scenario(
  without: readonly (keyof PassingEvents)[],
  later: (f: GateEventFixture) => CDEvent[] = () => [],
): { f: GateEventFixture; events: CDEvent[] } {
  const f = gateEventFixture();
  const passing = passingEvents(f);
  const kept = Object.entries(passing)
    .filter(([key]) => !without.includes(key as keyof PassingEvents))
    .map(([, event]) => event);
  return { f, events: [...kept, ...later(f)] };
}

const denials: readonly [string, ReturnType<typeof scenario>][] = [
  [GateReasonCode.ArtifactNotBuilt, scenario(['packaged'])],
  [GateReasonCode.TestsMissing, scenario(['tests'])],
  [GateReasonCode.TestsFailing, scenario([], (f) => [f.tests('fail', 3)])],
  [GateReasonCode.CoverageMissing, scenario(['coverage'])],
  [GateReasonCode.CoverageBelowMin, scenario([], (f) => [f.coverage(72.4)])],
  [GateReasonCode.VulnerabilityScanMissing, scenario([], (f) => [f.scanErrored('vulnerability-scan')])],
  [GateReasonCode.VulnerabilityCritical, scenario([], (f) => [f.vulnerabilityScan(1, 0)])],
  [GateReasonCode.VulnerabilityHigh, scenario([], (f) => [f.vulnerabilityScan(0, 2)])],
  [GateReasonCode.VulnerabilityFound, scenario([], (f) => [f.scanFailedWithoutCounts('vulnerability-scan')])],
  [GateReasonCode.SecretScanMissing, scenario(['secretScan'])],
  [GateReasonCode.SecretFound, scenario([], (f) => [f.secretScan(2)])],
  [GateReasonCode.LicenceCheckMissing, scenario(['licenceCheck'])],
  [GateReasonCode.LicenceDenied, scenario([], (f) => [f.licenceCheck(['AGPL-3.0-only'])])],
  [GateReasonCode.SbomMissing, scenario(['sbom'])],
  [GateReasonCode.SignatureMissing, scenario(['attested'])],
  [GateReasonCode.ApprovalMissing, scenario(['approved'])],
  [GateReasonCode.ApprovalRejected, scenario([], (f) => [f.rejected('bob')])],
  [GateReasonCode.PriorStageMissing, scenario(['deployed', 'postDeployVerified'])],
  [GateReasonCode.PriorStageUnverified, scenario([], (f) => [f.postDeployVerified('staging', 'fail')])],
];

describe('evaluateGate under the default policy', () => {
  it('allows production when every quality gate, the approval and staging are in evidence', () => {
    const { f, events } = scenario([]);
    const decision = decide(f, events);
    expect(decision.decision).toBe('allow');
    expect(decision.reasons).toEqual([]);
    const evidence = asEvidence(events);
    expect(decision.evidence).toEqual(
      evidence.map((e) => ({ eventId: e.event.context.id, hash: `sha256:${e.hash}` })),
    );
    expect(decision.policy.id).toBe('shiplog-default-v1');
    expect(decision.policy.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it.each(denials)('denies with %s, naming exactly that reason', (code, { f, events }) => {
    const decision = decide(f, events);
    expect(decision.decision).toBe('deny');
    expect(decision.reasons.map((r) => r.code)).toEqual([code]);
  });

  it('covers every reason code with a denial test above (untrusted evidence: evidenceTrust.unit.spec.ts; seed 004: qualityChecks and gateExceptions specs)', () => {
    const covered = [
      ...denials.map(([code]) => code),
      GateReasonCode.EvidenceUntrustedProducer,
      ...qualityDenials.map(([code]) => code),
      GateReasonCode.ExceptionExpired,
      GateReasonCode.PerformanceRegressed, // qualityChecks.unit.spec.ts: regressions against a baseline
    ];
    expect(new Set(covered)).toEqual(new Set(Object.values(GateReasonCode)));
  });

  it('lists every failed rule when several fail, in a stable order', () => {
    const f = gateEventFixture();
    const decision = decide(f, [f.packaged()]);
    expect(decision.reasons.map((r) => r.code)).toEqual([
      'TESTS_MISSING',
      'COVERAGE_MISSING',
      'VULNERABILITY_SCAN_MISSING',
      'SECRET_SCAN_MISSING',
      'LICENCE_CHECK_MISSING',
      'SBOM_MISSING',
      'SIGNATURE_MISSING',
      'APPROVAL_MISSING',
      'PRIOR_STAGE_MISSING',
    ]);
  });

  it('asks staging for the quality gates only: no approval, no prior environment', () => {
    const { f, events } = scenario(['approved', 'deployed', 'postDeployVerified']);
    expect(decide(f, events, { environment: 'staging' }).decision).toBe('allow');
  });

  it('never counts evidence about other bytes, even of the same name and version', () => {
    const other = gateEventFixture({ digestSeed: 0xbad });
    const events = Object.values(passingEvents(other));
    const f = gateEventFixture();
    const decision = decide(f, events);
    expect(decision.reasons.map((r) => r.code)).toContain('ARTIFACT_NOT_BUILT');
    expect(decision.evidence).toEqual([]);
  });

  it('lets the latest result of a check win', () => {
    const { f, events } = scenario([], (g) => [g.tests('fail', 1), g.tests('pass', 0)]);
    expect(decide(f, events).decision).toBe('allow');
  });

  it('takes a coverage percentage carried by a tests run', () => {
    const { f, events } = scenario(['coverage'], (g) => [g.tests('pass', 0, 85)]);
    expect(decide(f, events).decision).toBe('allow');
  });

  it('accepts an SBOM named by artifact.packaged (from a producer that may report SBOMs) and a signature from artifact.signed', () => {
    const { f, events } = scenario(['sbom', 'attested', 'packaged'], (g) => [
      g.packaged('https://sbom.example/checkout.cdx.json'),
      g.signed(),
    ]);
    const policy = parseGatePolicy({ ...defaultGatePolicy, evidenceProducers: { sbom: ['api:ci'] } });
    expect(decide(f, events, { policy }).decision).toBe('allow');
    // By default only shiplog's workers report SBOMs: the CI's build still counts, its SBOM does not.
    expect(decide(f, events).reasons.map((r) => r.code)).toEqual([
      'SBOM_MISSING',
      'EVIDENCE_UNTRUSTED_PRODUCER',
    ]);
  });

  it("counts an approver's latest word: a rejection withdrawn by a later approval", () => {
    const { f, events } = scenario([], (g) => [g.rejected('bob'), g.approved('bob')]);
    expect(decide(f, events).decision).toBe('allow');
  });

  describe("keys an approver's word by the producer that recorded it", () => {
    const portal = 'api:approvals-portal';
    /** The passing pipeline, then approvals by `security-officer` recorded as the given producers. */
    function recordedBy(words: readonly (readonly [producer: string, granted: boolean])[]) {
      const { f, events } = scenario([]);
      const producers = new Map<string, string>();
      for (const [producer, granted] of words) {
        const event = granted ? f.approved('security-officer') : f.rejected('security-officer');
        producers.set(event.context.id, producer);
        events.push(event);
      }
      return evaluateGate(defaultGatePolicy, {
        artifact: { digest: f.digest },
        environment: 'production',
        stage: 'deploy',
        evidence: asEvidence(events, (e) => producers.get(e.context.id) ?? pipelineProducer(e)),
      });
    }

    it("does not let another producer's grant lift a rejection; the producer that recorded it may", () => {
      const overridden = recordedBy([
        [portal, false],
        ['local', true],
      ]);
      expect(overridden.decision).toBe('deny');
      expect(overridden.reasons.map((r) => r.code)).toEqual(['APPROVAL_REJECTED']);
      expect(overridden.reasons[0]?.message).toBe(
        `rejected for production by security-officer (recorded by ${portal})`,
      );
      const withdrawn = recordedBy([
        [portal, false],
        ['local', true],
        [portal, true],
      ]);
      expect(withdrawn.decision).toBe('allow');
    });

    it('counts one person approving through two producers once toward min', () => {
      const { f, events } = scenario(['approved'], (g) => [g.approved('bob'), g.approved('bob')]);
      const [viaPortal] = events.slice(-2);
      const policy = parseGatePolicy({
        ...defaultGatePolicy,
        environments: { production: { approvals: { min: 2 }, priorEnvironments: ['staging'] } },
      });
      const decision = evaluateGate(policy, {
        artifact: { digest: f.digest },
        environment: 'production',
        stage: 'deploy',
        evidence: asEvidence(events, (e) => (e === viaPortal ? portal : pipelineProducer(e))),
      });
      expect(decision.reasons.map((r) => r.code)).toEqual(['APPROVAL_MISSING']);
      expect(decision.reasons[0]?.message).toBe('1 approval(s) for production, 2 needed');
    });

    it('counts an approval recorded for another spelling of the environment (Production)', () => {
      const { f, events } = scenario(['approved'], (g) => [g.approved('bob', 'Production')]);
      expect(decide(f, events).decision).toBe('allow');
    });

    it("keeps one trusted service's rejection when another withdraws its own", () => {
      const decision = recordedBy([
        [portal, false],
        ['api:change-board', false],
        ['api:change-board', true],
      ]);
      expect(decision.reasons.map((r) => r.code)).toEqual(['APPROVAL_REJECTED']);
      expect(decision.reasons[0]?.message).toBe(
        `rejected for production by security-officer (recorded by ${portal})`,
      );
    });
  });

  it('checks the prior stage of the named service only', () => {
    const { f, events } = scenario([]);
    expect(decide(f, events, { service: 'checkout' }).decision).toBe('allow');
    const other = decide(f, events, { service: 'payments' });
    expect(other.reasons.map((r) => r.code)).toEqual(['PRIOR_STAGE_MISSING']);
  });

  it('decides the same from only the evidence a decision names (re-checkable)', () => {
    for (const [, { f, events }] of denials) {
      const first = decide(f, events);
      const named = new Set([...first.evidence, ...first.ignored].map((e) => e.eventId));
      const again = decide(
        f,
        events.filter((e) => named.has(e.context.id)),
      );
      expect({ ...again, evidence: again.evidence.map((e) => e.eventId) }).toEqual({
        ...first,
        evidence: first.evidence.map((e) => e.eventId),
      });
    }
  });
});

describe('evaluateGate under a custom policy', () => {
  it('holds coverage to the policy threshold and applies environment overrides', () => {
    const policy = parseGatePolicy({
      id: 'strict',
      require: { ...defaultGatePolicy.require, coverage: { minPercent: 95 } },
      environments: { staging: { require: { signature: false } } },
    });
    const { f, events } = scenario(['attested']);
    expect(decide(f, events, { policy, environment: 'staging' }).reasons.map((r) => r.code)).toEqual([
      'COVERAGE_BELOW_MIN',
    ]);
  });

  it('applies stage overrides: entering the build stage needs no evidence', () => {
    const policy = parseGatePolicy({
      ...defaultGatePolicy,
      stages: { build: nothingRequired },
    });
    const f = gateEventFixture();
    const decision = evaluateGate(policy, {
      artifact: { digest: f.digest },
      environment: 'ci',
      stage: 'build',
      evidence: [],
    });
    expect(decision.decision).toBe('allow');
  });
});
