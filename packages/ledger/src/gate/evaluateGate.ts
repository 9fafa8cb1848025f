import { evidenceChecks } from './gateChecks.ts';
import type { CheckResult } from './gateChecks.ts';
import { evidenceItems } from './gateEvidenceItems.ts';
import { effectiveGateRules, policyDigest } from './gatePolicy.ts';
import type { GatePolicy } from './gatePolicy.ts';
import { approvalCheck, priorStageCheck } from './gateStageChecks.ts';
import type { GateDecision, GateRequest } from './gateTypes.ts';

/**
 * Decides whether the requested bytes may enter the stage in the environment, from the evidence
 * given and nothing else (pure: the same policy and evidence always give the same decision).
 * The decision names every failed rule and the evidence each check rested on, so it can be
 * re-checked later from those events alone.
 */
export function evaluateGate(policy: GatePolicy, request: GateRequest): GateDecision {
  const rules = effectiveGateRules(policy, request.stage, request.environment);
  const items = evidenceItems(request.evidence);
  const results: CheckResult[] = evidenceChecks(rules.checks, items, request.artifact);
  if (rules.approvals !== undefined)
    results.push(approvalCheck(items, request.artifact, request.environment, rules.approvals.min));
  for (const prior of rules.priorEnvironments)
    results.push(priorStageCheck(items, request.artifact, prior, request.service));

  const reasons = results.flatMap((r) => r.reasons);
  const used = new Map(results.flatMap((r) => r.used).map((i) => [i.evidence.event.context.id, i.evidence]));
  const evidence = [...used.values()]
    .sort((a, b) => a.position - b.position)
    .map((e) => ({ eventId: e.event.context.id, hash: `sha256:${e.hash}` }));
  return {
    decision: reasons.length === 0 ? 'allow' : 'deny',
    reasons,
    evidence,
    policy: { id: policy.id, digest: policyDigest(policy) },
  };
}
