import type { VerificationMeasurements } from '@shiplog/events';
import type { ArtifactIdentity } from '../artifactIdentity.ts';
import type { CheckResult } from './gateChecks.ts';
import { idOf, measurementsOf, outcomeOf, reason, scanCheck } from './gateChecks.ts';
import type { EvidenceItem } from './gateEvidenceItems.ts';
import type { GateChecks } from './gatePolicy.ts';
import { GateReasonCode } from './gateReasonCodes.ts';
import type { GateReason } from './gateTypes.ts';

/** A check whose latest result must pass with nothing counted against it. */
interface CleanRule {
  /** The verification `kind` that reports it. */
  readonly kind: string;
  readonly missing: GateReasonCode;
  readonly failing: GateReasonCode;
  /** What is counted, in words: `lint error(s)`. */
  readonly what: string;
  readonly counted: (m: VerificationMeasurements) => number | undefined;
}

const C = GateReasonCode;
const cleanRules = {
  lint: {
    kind: 'lint',
    missing: C.LintMissing,
    failing: C.LintFailing,
    what: 'lint error(s)',
    counted: (m) => m.lintErrors,
  },
  typecheck: {
    kind: 'typecheck',
    missing: C.TypecheckMissing,
    failing: C.TypecheckFailing,
    what: 'type error(s)',
    counted: (m) => m.typeErrors,
  },
  apiContract: {
    kind: 'contract',
    missing: C.ContractMissing,
    failing: C.ContractViolated,
    what: 'contract violation(s)',
    counted: (m) => m.contractViolations,
  },
  e2e: {
    kind: 'e2e',
    missing: C.E2eMissing,
    failing: C.E2eFailing,
    what: 'failed test(s)',
    counted: (m) => m.testsFailed,
  },
} as const satisfies Record<string, CleanRule>;

/**
 * Lint and type errors, contract violations, failed E2E tests: the latest result must pass with
 * none counted. The message says what was measured and what is allowed.
 */
function cleanCheck(
  items: readonly EvidenceItem[],
  artifact: ArtifactIdentity,
  rule: CleanRule,
): CheckResult {
  return scanCheck(items, artifact, rule.kind, rule.missing, (last) => {
    const found = rule.counted(measurementsOf(last)) ?? 0;
    return outcomeOf(last) === 'pass' && found === 0
      ? []
      : [
          reason(
            rule.failing,
            `${rule.kind} ${idOf(last)}: ${outcomeOf(last)}, ${found} ${rule.what}, 0 allowed`,
          ),
        ];
  });
}

/**
 * Performance: the latest `benchmark` result's p95 against the policy's maximum, and against the
 * baseline it recorded where the policy bounds regressions. Where it recorded a p95 the numbers
 * decide; its own pass/fail decides only where it recorded none.
 */
export function performanceCheck(
  items: readonly EvidenceItem[],
  artifact: ArtifactIdentity,
  rule: { readonly maxP95Ms: number; readonly maxRegressionPercent?: number | undefined },
): CheckResult {
  const { PerformanceMissing, PerformanceP95Over, PerformanceRegressed } = GateReasonCode;
  return scanCheck(items, artifact, 'benchmark', PerformanceMissing, (last) => {
    const benchmark = measurementsOf(last).benchmark;
    const p95 = benchmark?.p95Ms;
    if (p95 === undefined) {
      return outcomeOf(last) === 'pass'
        ? [reason(PerformanceMissing, `benchmark ${idOf(last)} recorded no p95`)]
        : [reason(PerformanceP95Over, `benchmark ${idOf(last)} failed without a p95`)];
    }
    const found: GateReason[] = [];
    if (p95 > rule.maxP95Ms)
      found.push(reason(PerformanceP95Over, `p95 ${p95} ms (${idOf(last)}), maximum ${rule.maxP95Ms} ms`));
    const allowed = rule.maxRegressionPercent;
    const baseline = benchmark?.baselineP95Ms;
    if (allowed !== undefined && baseline === undefined)
      found.push(
        reason(PerformanceMissing, `benchmark ${idOf(last)} recorded no baseline p95 to compare with`),
      );
    // Compared as p95·100 against baseline·(100 + allowed): no rounding of a ratio at the boundary.
    else if (allowed !== undefined && baseline !== undefined && p95 * 100 > baseline * (100 + allowed))
      found.push(
        reason(
          PerformanceRegressed,
          `p95 ${p95} ms against a baseline of ${baseline} ms (${idOf(last)}), at most ${allowed}% more allowed`,
        ),
      );
    return found;
  });
}

/**
 * Accessibility: the latest `accessibility` result's WCAG violations and Lighthouse score against
 * the policy's limits; the numbers decide, as for coverage.
 */
export function accessibilityCheck(
  items: readonly EvidenceItem[],
  artifact: ArtifactIdentity,
  rule: { readonly maxWcagViolations: number; readonly minLighthouseScore: number | null },
): CheckResult {
  return scanCheck(items, artifact, 'accessibility', GateReasonCode.AccessibilityMissing, (last) => {
    const { wcagViolations, lighthouseScore } = measurementsOf(last);
    const found: GateReason[] = [];
    const violations = wcagViolations ?? 0;
    if (violations > rule.maxWcagViolations)
      found.push(
        reason(
          GateReasonCode.WcagViolations,
          `${violations} WCAG 2.2 AA violation(s) (${idOf(last)}), maximum ${rule.maxWcagViolations}`,
        ),
      );
    const min = rule.minLighthouseScore;
    if (min !== null && lighthouseScore === undefined)
      found.push(
        reason(
          GateReasonCode.AccessibilityMissing,
          `accessibility ${idOf(last)} recorded no Lighthouse score, minimum ${min}`,
        ),
      );
    else if (min !== null && lighthouseScore !== undefined && lighthouseScore < min)
      found.push(
        reason(
          GateReasonCode.LighthouseBelowMin,
          `Lighthouse score ${lighthouseScore} (${idOf(last)}), minimum ${min}`,
        ),
      );
    return found;
  });
}

/** The checks of seed 004's matrix the merged rules ask for (lint … E2E), in a fixed order. */
export function qualityChecks(
  checks: GateChecks,
  items: readonly EvidenceItem[],
  artifact: ArtifactIdentity,
): CheckResult[] {
  const results: CheckResult[] = [];
  const clean = (name: keyof typeof cleanRules): void => {
    if (checks[name] === true) results.push(cleanCheck(items, artifact, cleanRules[name]));
  };
  clean('lint');
  clean('typecheck');
  if (checks.performance != null) results.push(performanceCheck(items, artifact, checks.performance));
  if (checks.accessibility != null) results.push(accessibilityCheck(items, artifact, checks.accessibility));
  clean('apiContract');
  clean('e2e');
  return results;
}
