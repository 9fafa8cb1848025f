import { describe, expect, it } from 'vitest';
import { GateError, GateErrorCode } from './gateErrors.ts';
import { gateArtifact } from './gateArtifact.ts';
import { defaultGatePolicy, parseGatePolicy, policyDigest } from './gatePolicy.ts';

function policyProblems(value: unknown): { code: string; paths: string[] } {
  try {
    parseGatePolicy(value);
  } catch (err) {
    if (!(err instanceof GateError)) throw err;
    return { code: err.code, paths: err.problems.map((p) => p.path) };
  }
  throw new Error('expected the policy to be refused');
}

describe('parseGatePolicy', () => {
  it('accepts the default policy as JSON (what --policy FILE reads)', () => {
    const reread = parseGatePolicy(JSON.parse(JSON.stringify(defaultGatePolicy)));
    expect(reread).toEqual(defaultGatePolicy);
  });

  it('ships a default that callers cannot change', () => {
    expect(Object.isFrozen(defaultGatePolicy.require.coverage)).toBe(true);
    expect(Object.isFrozen(defaultGatePolicy.environments?.['production']?.priorEnvironments)).toBe(true);
  });

  it('names every bad field by its JSON pointer', () => {
    const bad = {
      ...defaultGatePolicy,
      require: { ...defaultGatePolicy.require, tests: 'yes', coverage: { minPercent: 180 } },
      environments: { production: { approvals: { min: 0 }, priorEnvironments: ['staging'] } },
    };
    expect(policyProblems(bad)).toEqual({
      code: GateErrorCode.PolicyInvalid,
      paths: ['/require/tests', '/require/coverage/minPercent', '/environments/production/approvals/min'],
    });
  });

  it('refuses unknown fields (a typo must not silently drop a rule)', () => {
    const bad = { ...defaultGatePolicy, require: { ...defaultGatePolicy.require, sboms: true } };
    expect(policyProblems(bad).paths).toEqual(['/require/sboms']);
  });

  it('refuses a policy without an id or checks', () => {
    expect(policyProblems({}).paths).toEqual(['/id', '/require']);
    expect(policyProblems('allow everything').paths).toEqual(['/']);
  });
});

describe('policyDigest', () => {
  it('is the same for the same policy however its keys are ordered', () => {
    const reordered = JSON.parse(
      JSON.stringify({ environments: defaultGatePolicy.environments, ...defaultGatePolicy }),
    ) as unknown;
    expect(policyDigest(parseGatePolicy(reordered))).toBe(policyDigest(defaultGatePolicy));
    expect(policyDigest(defaultGatePolicy)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('changes when a threshold changes', () => {
    const stricter = parseGatePolicy({
      ...defaultGatePolicy,
      require: { ...defaultGatePolicy.require, coverage: { minPercent: 81 } },
    });
    expect(policyDigest(stricter)).not.toBe(policyDigest(defaultGatePolicy));
  });
});

describe('gateArtifact', () => {
  const hex = 'ab'.repeat(32);
  it('reads a digest with or without its algorithm, and a purl', () => {
    expect(gateArtifact(`sha256:${hex}`)).toEqual({ digest: `sha256:${hex}` });
    expect(gateArtifact(hex.toUpperCase())).toEqual({ digest: `sha256:${hex}` });
    expect(gateArtifact(`pkg:oci/checkout@sha256:${hex}?tag=1.4.0`)).toEqual({
      digest: `sha256:${hex}`,
      purl: `pkg:oci/checkout@sha256:${hex}?tag=1.4.0`,
    });
    expect(gateArtifact('pkg:npm/app@1.2.0')).toEqual({ purl: 'pkg:npm/app@1.2.0' });
  });

  it('refuses anything else with GATE_ARTIFACT_INVALID', () => {
    for (const text of ['latest', 'sha256:abc', 'pkg:npm/app', 'pkg:npm/app@1.0 x']) {
      expect(() => gateArtifact(text)).toThrow(expect.objectContaining({ code: 'GATE_ARTIFACT_INVALID' }));
    }
  });
});
