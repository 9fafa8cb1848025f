import type { CDEvent } from '@shiplog/events';
import { describe, expect, it } from 'vitest';
import { ProducerIdentity, producerMatches } from '../producerIdentity.ts';
import { evaluateGate } from './evaluateGate.ts';
import { GateErrorCode } from './gateErrors.ts';
import { defaultGatePolicy, parseGatePolicy, policyDigest } from './gatePolicy.ts';
import type { GatePolicy } from './gatePolicy.ts';
import type { GateDecision } from './gateTypes.ts';
import {
  asEvidence,
  gateEventFixture,
  passingEvents,
  pipelineProducer,
} from './testing/gateEvidenceFixture.ts';
import type { GateEventFixture, PassingEvents } from './testing/gateEvidenceFixture.ts';

/** Production's passing evidence, with one piece replaced by `forged` from `producer`. */
function decideWith(
  replace: keyof PassingEvents,
  forge: (f: GateEventFixture) => CDEvent,
  producer: string,
  policy: GatePolicy = defaultGatePolicy,
): { decision: GateDecision; forged: CDEvent } {
  const f = gateEventFixture();
  const passing = passingEvents(f);
  const forged = forge(f);
  const events = [...Object.values(passing).filter((e) => e !== passing[replace]), forged];
  const decision = evaluateGate(policy, {
    artifact: { digest: f.digest },
    environment: 'production',
    stage: 'deploy',
    evidence: asEvidence(events, (e) => (e === forged ? producer : pipelineProducer(e))),
  });
  return { decision, forged };
}

const attacks = [
  ['an SBOM', 'sbom', (f: GateEventFixture) => f.sbom(), 'SBOM_MISSING', ['sbom']],
  ['a signature', 'attested', (f: GateEventFixture) => f.signed(), 'SIGNATURE_MISSING', ['signature']],
  ['an attestation', 'attested', (f: GateEventFixture) => f.attested(), 'SIGNATURE_MISSING', ['attestation']],
  [
    'a worker build',
    'packaged',
    (f: GateEventFixture) => f.workerPackaged(),
    'ARTIFACT_NOT_BUILT',
    ['workerBuild'],
  ],
] as const;

describe('who may report which evidence (default policy)', () => {
  it.each(attacks)(
    '%s from an emitter is not counted: DENY naming the event and its producer',
    (_, replace, forge, missing, kinds) => {
      const { decision, forged } = decideWith(replace, forge, 'api:ci');
      expect(decision.decision).toBe('deny');
      expect(decision.reasons.map((r) => r.code)).toEqual([missing, 'EVIDENCE_UNTRUSTED_PRODUCER']);
      const untrusted = decision.reasons[1]?.message ?? '';
      expect(untrusted).toContain(forged.context.id);
      expect(untrusted).toContain("'api:ci'");
      expect(decision.ignored).toEqual([
        expect.objectContaining({ eventId: forged.context.id, producer: 'api:ci', kinds }),
      ]);
      expect(decision.evidence.map((e) => e.eventId)).not.toContain(forged.context.id);
    },
  );

  it.each(attacks)('%s from shiplog-workers is counted: ALLOW', (_, replace, forge) => {
    const { decision, forged } = decideWith(replace, forge, ProducerIdentity.Workers);
    expect(decision).toMatchObject({ decision: 'allow', reasons: [], ignored: [] });
    expect(decision.evidence.map((e) => e.eventId)).toContain(forged.context.id);
  });

  it.each(['local', 'nats:emitter', 'sdk', 'cli', 'shiplog-release', 'shiplog-ledger'])(
    'an SBOM from %s is not counted either',
    (producer) => {
      const { decision } = decideWith('sbom', (f) => f.sbom(), producer);
      expect(decision.reasons.map((r) => r.code)).toEqual(['SBOM_MISSING', 'EVIDENCE_UNTRUSTED_PRODUCER']);
    },
  );

  it("counts a CI's own build (its own source), from any producer", () => {
    const { decision } = decideWith('packaged', (f) => f.packaged(), 'nats:ci-runner');
    expect(decision.decision).toBe('allow');
  });

  it('lists a forgery beside genuine evidence as ignored, without denying for it', () => {
    const f = gateEventFixture();
    const forged = f.sbom();
    const events = [...Object.values(passingEvents(f)), forged];
    const decision = evaluateGate(defaultGatePolicy, {
      artifact: { digest: f.digest },
      environment: 'production',
      stage: 'deploy',
      evidence: asEvidence(events, (e) => (e === forged ? 'api:ci' : pipelineProducer(e))),
    });
    expect(decision).toMatchObject({ decision: 'allow', reasons: [] });
    expect(decision.ignored.map((i) => [i.eventId, i.producer])).toEqual([[forged.context.id, 'api:ci']]);
  });
});

describe('facts are (source, id)', () => {
  it("another source's event under the same id does not hide a later failing result (DENY)", () => {
    const f = gateEventFixture();
    const { vulnerabilityScan: _, ...passing } = passingEvents(f);
    const critical = f.vulnerabilityScan(3, 0);
    // An insider guesses the scanner's event id and reports a clean scan under it first.
    const shadow = structuredClone<CDEvent & { subject: { content: Record<string, unknown> } }>(critical);
    shadow.context.source = '/ci/insider';
    shadow.subject.content['outcome'] = 'pass';
    shadow.subject.content['measurements'] = { vulnerabilities: { critical: 0, high: 0, medium: 0, low: 0 } };
    const decision = evaluateGate(defaultGatePolicy, {
      artifact: { digest: f.digest },
      environment: 'production',
      stage: 'deploy',
      evidence: asEvidence([...Object.values(passing), shadow, critical]),
    });
    expect(decision.decision).toBe('deny');
    expect(decision.reasons.map((r) => r.code)).toContain('VULNERABILITY_CRITICAL');
  });
});

describe('environment names', () => {
  it.each([
    'Production',
    'PRODUCTION',
    '\uff50\uff52\uff4f\uff44\uff55\uff43\uff54\uff49\uff4f\uff4e',
    'pr\u043eduction',
  ])('%s gets the rules of production: no approval, DENY', (environment) => {
    const f = gateEventFixture();
    const { approved: _, ...passing } = passingEvents(f);
    const decision = evaluateGate(defaultGatePolicy, {
      artifact: { digest: f.digest },
      environment,
      stage: 'deploy',
      evidence: asEvidence(Object.values(passing)),
    });
    expect(decision.decision).toBe('deny');
    expect(decision.reasons.map((r) => r.code)).toContain('APPROVAL_MISSING');
  });
});

describe('evidenceProducers in a gate policy', () => {
  it('lets an operator trust another identity for a kind, by name or by prefix', () => {
    for (const pattern of ['api:ci', 'api:*', '*']) {
      const policy = parseGatePolicy({ ...defaultGatePolicy, evidenceProducers: { sbom: [pattern] } });
      expect(decideWith('sbom', (f) => f.sbom(), 'api:ci', policy).decision.decision).toBe('allow');
    }
  });

  it('keeps the default for kinds it does not name, and an empty list trusts no one', () => {
    const policy = parseGatePolicy({ ...defaultGatePolicy, evidenceProducers: { verification: [] } });
    expect(decideWith('attested', (f) => f.signed(), 'api:ci', policy).decision.decision).toBe('deny');
    const { decision } = decideWith('sbom', (f) => f.sbom(), ProducerIdentity.Workers, policy);
    expect(decision.reasons.map((r) => r.code)).toContain('TESTS_MISSING');
    expect(decision.reasons.map((r) => r.code)).toContain('EVIDENCE_UNTRUSTED_PRODUCER');
  });

  it('keeps a policy file without evidenceProducers valid, with the same digest as before', () => {
    const { evidenceProducers: _, ...old } = parseGatePolicy({ ...defaultGatePolicy });
    expect(parseGatePolicy(old)).toEqual(old);
    expect(policyDigest(defaultGatePolicy)).toBe(policyDigest(parseGatePolicy(old)));
  });

  it('names an unknown kind or a bad identity pattern (GATE_POLICY_INVALID)', () => {
    const bad = { ...defaultGatePolicy, evidenceProducers: { sboms: ['x'], signature: ['api ci'] } };
    expect(() => parseGatePolicy(bad)).toThrow(
      expect.objectContaining({ code: GateErrorCode.PolicyInvalid }),
    );
    try {
      parseGatePolicy(bad);
    } catch (err) {
      const paths = (err as { problems: { path: string }[] }).problems.map((p) => p.path).sort();
      expect(paths).toEqual(['/evidenceProducers/signature/0', '/evidenceProducers/sboms'].sort());
    }
  });
});

describe('producerMatches', () => {
  it('matches an identity exactly, a prefix ending in *, or anyone with *', () => {
    expect(producerMatches('api:ci', 'api:ci')).toBe(true);
    expect(producerMatches('api:ci', 'api:ci2')).toBe(false);
    expect(producerMatches('nats:ci-*', 'nats:ci-linux')).toBe(true);
    expect(producerMatches('nats:ci-*', 'nats:emitter')).toBe(false);
    expect(producerMatches('*', 'local')).toBe(true);
  });
});
