import type { CDEvent } from '@shiplog/events';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateGate } from './evaluateGate.ts';
import { parseGatePolicy } from './gatePolicy.ts';
import type { GatePolicy } from './gatePolicy.ts';
import type { GateDecision } from './gateTypes.ts';
import {
  asEvidence,
  gateEventFixture,
  passingEvents,
  passingQualityEvents,
} from './testing/gateEvidenceFixture.ts';
import type { GateEventFixture } from './testing/gateEvidenceFixture.ts';
import { nothingRequired, qualityDenials, seed004Policy } from './testing/qualityDenials.ts';

function decide(policy: GatePolicy, f: GateEventFixture, events: readonly CDEvent[]): GateDecision {
  return evaluateGate(policy, {
    artifact: { digest: f.digest },
    environment: 'production',
    stage: 'deploy',
    evidence: asEvidence(events),
  });
}

/** A policy asking for nothing but `checks`: the decision is that one comparison. */
function only(checks: Record<string, unknown>): GatePolicy {
  return parseGatePolicy({
    id: 'only',
    require: { ...nothingRequired, ...checks },
  });
}

/** Whether one result passes a one-check policy. */
function allows(checks: Record<string, unknown>, result: (f: GateEventFixture) => CDEvent): boolean {
  const f = gateEventFixture();
  return decide(only(checks), f, [result(f)]).decision === 'allow';
}

/** The neighbouring double of `x` (x ≥ 0) above (+1) or below (-1): the smallest step across a threshold. */
function nextDouble(x: number, step: 1n | -1n): number {
  const bits = new BigInt64Array(new Float64Array([x]).buffer);
  bits[0] = (bits[0] ?? 0n) + step;
  return new Float64Array(bits.buffer)[0] ?? Number.NaN;
}
const nextUp = (x: number): number => nextDouble(x, 1n);
const nextDown = (x: number): number => nextDouble(x, -1n);

function everything(f: GateEventFixture): CDEvent[] {
  return [...Object.values(passingEvents(f)), ...Object.values(passingQualityEvents(f))];
}

describe('seed 004 quality checks under a policy asking for all of them', () => {
  it('allows production when every category is in evidence within its thresholds', () => {
    const f = gateEventFixture();
    const decision = decide(seed004Policy, f, everything(f));
    expect(decision.reasons).toEqual([]);
    expect(decision.decision).toBe('allow');
    // Each quality result is named as evidence the decision rests on.
    const quality = Object.values(passingQualityEvents(f)).length;
    expect(decision.evidence.length).toBe(Object.values(passingEvents(f)).length + quality);
  });

  it.each(qualityDenials)('denies with %s, naming exactly that reason', (code, without, later) => {
    const f = gateEventFixture();
    const quality = passingQualityEvents(f);
    const kept = Object.entries(quality)
      .filter(([key]) => !without.includes(key as keyof typeof quality))
      .map(([, e]) => e);
    const decision = decide(seed004Policy, f, [...Object.values(passingEvents(f)), ...kept, ...later(f)]);
    expect(decision.decision).toBe('deny');
    expect(decision.reasons.map((r) => r.code)).toEqual([code]);
  });

  it('says what was measured and what the policy requires', () => {
    const f = gateEventFixture();
    const decision = decide(seed004Policy, f, [...everything(f), f.benchmark(612), f.accessibility(3, 71)]);
    expect(decision.reasons.map((r) => r.message)).toEqual([
      expect.stringMatching(/^p95 612 ms \(.+\), maximum 500 ms$/),
      expect.stringMatching(/^3 WCAG 2\.2 AA violation\(s\) \(.+\), maximum 0$/),
      expect.stringMatching(/^Lighthouse score 71 \(.+\), minimum 90$/),
    ]);
  });

  it("fills seed 004's accessibility limits when a policy asks for accessibility without numbers", () => {
    const policy = only({ accessibility: {} });
    expect(policy.require.accessibility).toEqual({ maxWcagViolations: 0, minLighthouseScore: 90 });
    const f = gateEventFixture();
    expect(decide(policy, f, [f.accessibility(0, 89)]).reasons.map((r) => r.code)).toEqual([
      'LIGHTHOUSE_BELOW_MIN',
    ]);
  });

  it('holds an environment to its own thresholds over the base ones (production p95 stricter)', () => {
    const policy = parseGatePolicy({
      id: 'p95-by-environment',
      require: { ...nothingRequired, performance: { maxP95Ms: 800 } },
      environments: { production: { require: { performance: { maxP95Ms: 300 } } } },
    });
    const f = gateEventFixture();
    const at = (environment: string) =>
      evaluateGate(policy, {
        artifact: { digest: f.digest },
        environment,
        stage: 'deploy',
        evidence: asEvidence([f.benchmark(450)]),
      });
    expect(at('staging').decision).toBe('allow');
    expect(at('production').reasons.map((r) => r.message)).toEqual([
      expect.stringMatching(/^p95 450 ms \(.+\), maximum 300 ms$/),
    ]);
  });

  it('leaves policies without the new checks as they were: no new reason, the same digest', () => {
    const f = gateEventFixture();
    const withoutQuality = decide(
      parseGatePolicy({ ...seed004Policy, require: { ...seed004Policy.require, lint: undefined } }),
      f,
      Object.values(passingEvents(f)),
    );
    expect(withoutQuality.reasons.map((r) => r.code)).not.toContain('LINT_MISSING');
  });
});

/** Non-negative doubles up to `max`, without -0 (which the contract's `min(0)` refuses). */
const upTo = (max: number, min = 0) => fc.double({ min, max, noNaN: true }).map((x) => (x === 0 ? 0 : x));

describe('each comparison, at and around its threshold (fast-check)', () => {
  const bytes = upTo(1e6);

  it('performance: allows a p95 at or under maxP95Ms, denies the smallest step over', () => {
    fc.assert(
      fc.property(upTo(1e6, 0.001), bytes, (max, p95) => {
        expect(allows({ performance: { maxP95Ms: max } }, (f) => f.benchmark(p95))).toBe(p95 <= max);
        expect(allows({ performance: { maxP95Ms: max } }, (f) => f.benchmark(max))).toBe(true);
        expect(allows({ performance: { maxP95Ms: max } }, (f) => f.benchmark(nextUp(max)))).toBe(false);
      }),
    );
  });

  it('performance: allows a p95 up to maxRegressionPercent over its baseline, denies a thousandth of a ms more', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 0, max: 100 }),
        fc.nat(30_000),
        (baseline, allowed, p95) => {
          const rule = { performance: { maxP95Ms: 1e9, maxRegressionPercent: allowed } };
          // Exact in integers: p95 / baseline ≤ 1 + allowed / 100.
          expect(allows(rule, (f) => f.benchmark(p95, 'pass', baseline))).toBe(
            p95 * 100 <= baseline * (100 + allowed),
          );
          // At the limit exactly (a baseline in hundreds keeps it whole), and a thousandth of a ms over.
          const hundreds = baseline * 100;
          const atLimit = hundreds + allowed * baseline;
          expect(allows(rule, (f) => f.benchmark(atLimit, 'pass', hundreds))).toBe(true);
          expect(allows(rule, (f) => f.benchmark(atLimit + 0.001, 'pass', hundreds))).toBe(false);
        },
      ),
    );
  });

  it('performance: a regression rule without a recorded baseline is missing evidence, named', () => {
    const rule = { performance: { maxP95Ms: 500, maxRegressionPercent: 10 } };
    const f = gateEventFixture();
    const decision = decide(only(rule), f, [f.benchmark(200)]);
    expect(decision.reasons.map((r) => r.code)).toEqual(['PERFORMANCE_MISSING']);
    expect(decision.reasons[0]?.message).toMatch(/recorded no baseline p95/);
    const regressed = decide(only(rule), f, [f.benchmark(240, 'pass', 200)]);
    expect(regressed.reasons.map((r) => r.code)).toEqual(['PERFORMANCE_REGRESSED']);
    expect(regressed.reasons[0]?.message).toMatch(
      /^p95 240 ms against a baseline of 200 ms \(.+\), at most 10% more allowed$/,
    );
  });

  it('accessibility: allows a Lighthouse score at or over the minimum, denies the smallest step under', () => {
    fc.assert(
      fc.property(upTo(100), upTo(100), (min, score) => {
        const rule = { accessibility: { minLighthouseScore: min } };
        expect(allows(rule, (f) => f.accessibility(0, score))).toBe(score >= min);
        expect(allows(rule, (f) => f.accessibility(0, min))).toBe(true);
        if (min > 0) expect(allows(rule, (f) => f.accessibility(0, nextDown(min)))).toBe(false);
      }),
    );
  });

  it('accessibility: allows WCAG violations up to maxWcagViolations, denies one more', () => {
    fc.assert(
      fc.property(fc.nat(50), fc.nat(60), (max, found) => {
        const rule = { accessibility: { maxWcagViolations: max, minLighthouseScore: null } };
        expect(allows(rule, (f) => f.accessibility(found))).toBe(found <= max);
        expect(allows(rule, (f) => f.accessibility(max + 1))).toBe(false);
      }),
    );
  });

  it('coverage: allows a percentage at or over minPercent, denies the smallest step under', () => {
    fc.assert(
      fc.property(upTo(100), upTo(100), (min, percent) => {
        const rule = { coverage: { minPercent: min } };
        expect(allows(rule, (f) => f.coverage(percent))).toBe(percent >= min);
        expect(allows(rule, (f) => f.coverage(min))).toBe(true);
        if (min > 0) expect(allows(rule, (f) => f.coverage(nextDown(min)))).toBe(false);
      }),
    );
  });

  it('vulnerabilities: allows counts up to maxCritical and maxHigh, denies one more of either', () => {
    fc.assert(
      fc.property(fc.nat(5), fc.nat(5), fc.nat(8), fc.nat(8), (maxCritical, maxHigh, critical, high) => {
        const rule = { vulnerabilities: { maxCritical, maxHigh } };
        expect(allows(rule, (f) => f.vulnerabilityScan(critical, high, 'pass'))).toBe(
          critical <= maxCritical && high <= maxHigh,
        );
      }),
    );
  });

  it.each([
    ['lint', { lint: true }, (n: number) => (f: GateEventFixture) => f.lint(n)],
    ['typecheck', { typecheck: true }, (n: number) => (f: GateEventFixture) => f.typecheck(n)],
    ['apiContract', { apiContract: true }, (n: number) => (f: GateEventFixture) => f.contract(n)],
    ['e2e', { e2e: true }, (n: number) => (f: GateEventFixture) => f.e2e(n)],
    ['secretScan', { secretScan: true }, (n: number) => (f: GateEventFixture) => f.secretScan(n)],
    ['tests', { tests: true }, (n: number) => (f: GateEventFixture) => f.tests(n > 0 ? 'fail' : 'pass', n)],
  ] as const)('%s: allows nothing counted against it, denies one or more', (_, rule, result) => {
    fc.assert(
      fc.property(fc.nat(1000), (n) => {
        expect(allows(rule, result(n))).toBe(n === 0);
      }),
    );
  });

  it('licenceCheck: allows no denied licence, denies any', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('AGPL-3.0-only', 'SSPL-1.0', 'BUSL-1.1'), { maxLength: 3 }),
        (denied) => {
          expect(allows({ licenceCheck: true }, (f) => f.licenceCheck(denied))).toBe(denied.length === 0);
        },
      ),
    );
  });
});
