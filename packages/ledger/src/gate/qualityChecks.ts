import type { VerificationMeasurements } from '@shiplog/events';
import type { ArtifactIdentity } from '../artifactIdentity.ts';
import type { CheckResult } from './gateChecks.ts';
import { idOf, measurementsOf, outcomeOf, reason, scanCheck } from './gateChecks.ts';
import type { EvidenceItem } from './gateEvidenceItems.ts';
import type { GateChecks } from './gatePolicy.ts';
import { GateReasonCode } from './gateReasonCodes.ts';
import type { GateReason } from './gateTypes.ts';

type Counted = (m: VerificationMeasurements) => number | undefined;

/**
 * A check whose latest result must pass with nothing counted against it (lint and type errors,
 * contract violations, failed E2E tests). The message says what was measured and what is allowed.
 */
function cleanCheck(
  items: readonly EvidenceItem[],
  artifact: ArtifactIdentity,
  kind: string,
  codes: { readonly missing: GateReasonCode; readonly failing: GateReasonCode },
  what: string,
  counted: Counted,
): CheckResult {
  return scanCheck(items, artifact, kind, codes.missing, (last) => {
    const found = counted(measurementsOf(last)) ?? 0;
    return outcomeOf(last) === 'pass' && found === 0
      ? []
      : [reason(codes.failing, `${kind} ${idOf(last)}: ${outcomeOf(last)}, ${found} ${what}, 0 allowed`)];
  });
}

/**
 * Performance: the latest `benchmark` result's p95 against the policy's maximum. Where it recorded
 * a p95 the number decides; its own pass/fail decides only where it recorded none.
 */
export function performanceCheck(
  items: readonly EvidenceItem[],
  artifact: ArtifactIdentity,
  maxP95Ms: number,
): CheckResult {
  return scanCheck(items, artifact, 'benchmark', GateReasonCode.PerformanceMissing, (last) => {
    const p95 = measurementsOf(last).benchmark?.p95Ms;
    if (p95 === undefined) {
      return outcomeOf(last) === 'pass'
        ? [reason(GateReasonCode.PerformanceMissing, `benchmark ${idOf(last)} recorded no p95`)]
        : [reason(GateReasonCode.PerformanceP95Over, `benchmark ${idOf(last)} failed without a p95`)];
    }
    return p95 <= maxP95Ms
      ? []
      : [reason(GateReasonCode.PerformanceP95Over, `p95 ${p95} ms (${idOf(last)}), maximum ${maxP95Ms} ms`)];
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
  const { LintMissing, LintFailing, TypecheckMissing, TypecheckFailing } = GateReasonCode;
  if (checks.lint === true)
    results.push(
      cleanCheck(
        items,
        artifact,
        'lint',
        { missing: LintMissing, failing: LintFailing },
        'lint error(s)',
        (m) => m.lintErrors,
      ),
    );
  if (checks.typecheck === true)
    results.push(
      cleanCheck(
        items,
        artifact,
        'typecheck',
        { missing: TypecheckMissing, failing: TypecheckFailing },
        'type error(s)',
        (m) => m.typeErrors,
      ),
    );
  if (checks.performance != null)
    results.push(performanceCheck(items, artifact, checks.performance.maxP95Ms));
  if (checks.accessibility != null) results.push(accessibilityCheck(items, artifact, checks.accessibility));
  const { ContractMissing, ContractViolated, E2eMissing, E2eFailing } = GateReasonCode;
  if (checks.apiContract === true)
    results.push(
      cleanCheck(
        items,
        artifact,
        'contract',
        { missing: ContractMissing, failing: ContractViolated },
        'contract violation(s)',
        (m) => m.contractViolations,
      ),
    );
  if (checks.e2e === true)
    results.push(
      cleanCheck(
        items,
        artifact,
        'e2e',
        { missing: E2eMissing, failing: E2eFailing },
        'failed test(s)',
        (m) => m.testsFailed,
      ),
    );
  return results;
}
