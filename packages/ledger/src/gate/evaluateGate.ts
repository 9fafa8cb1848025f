import { eventKey } from '@shiplog/store';
import { evidenceChecks } from './gateChecks.ts';
import type { CheckResult } from './gateChecks.ts';
import { evidenceItems, sameArtifact } from './gateEvidenceItems.ts';
import type { UntrustedItem } from './gateEvidenceItems.ts';
import { effectiveEvidenceProducers, effectiveGateRules, policyDigest } from './gatePolicy.ts';
import type { GatePolicy } from './gatePolicy.ts';
import { GateReasonCode } from './gateReasonCodes.ts';
import { artifactOf } from '../ledgerFact.ts';
import { approvalCheck, priorStageCheck } from './gateStageChecks.ts';
import { bearsOn, waiveChecks } from './gateExceptions.ts';
import { qualityChecks } from './qualityChecks.ts';
import type { GateDecision, GateReason, GateRequest, IgnoredEvidence } from './gateTypes.ts';

/**
 * Decides whether the requested bytes may enter the stage in the environment, from the evidence
 * given and nothing else (pure: the same policy and evidence always give the same decision).
 * The decision names every failed rule and the evidence each check rested on, so it can be
 * re-checked later from those events alone. Evidence whose producer may not report it is not
 * counted: the decision lists it as ignored, and names it in the reasons of the checks it fails.
 * A recorded exception lifts a failing quality check (`waiveChecks`); the decision names it.
 */
export function evaluateGate(policy: GatePolicy, request: GateRequest): GateDecision {
  const rules = effectiveGateRules(policy, request.stage, request.environment);
  const { items, untrusted } = evidenceItems(request.evidence, effectiveEvidenceProducers(policy));
  const checked: CheckResult[] = evidenceChecks(rules.checks, items, request.artifact);
  checked.push(...qualityChecks(rules.checks, items, request.artifact));
  if (rules.approvals !== undefined)
    checked.push(approvalCheck(items, request.artifact, request.environment, rules.approvals.min));
  for (const prior of rules.priorEnvironments)
    checked.push(priorStageCheck(items, request.artifact, prior, request.service));
  const { results, exceptions } = waiveChecks(checked, items, request);

  // Untrusted evidence about other bytes (another artifact's deployments) is none of this gate's business.
  const ignored = untrusted.filter(({ item }) => {
    const about = artifactOf(item.fact);
    return about === undefined || sameArtifact(request.artifact, about);
  });
  const reasons = dedupe(
    results.flatMap((r) =>
      r.reasons.length === 0
        ? []
        : [
            ...r.reasons,
            ...ignored
              .filter((u) => u.refused.some((k) => r.kinds.includes(k)) && bearsOn(r, u.item))
              .map(untrustedReason),
          ],
    ),
  );
  const used = new Map(
    results
      .flatMap((r) => r.used)
      .map((i) => [eventKey(i.evidence.event.context.source, i.evidence.event.context.id), i.evidence]),
  );
  const evidence = [...used.values()]
    .sort((a, b) => a.position - b.position)
    .map((e) => ({ eventId: e.event.context.id, hash: `sha256:${e.hash}` }));
  return {
    decision: reasons.length === 0 ? 'allow' : 'deny',
    reasons,
    evidence,
    ignored: ignored.map(ignoredEvidence),
    exceptions,
    policy: { id: policy.id, digest: policyDigest(policy) },
  };
}

function ignoredEvidence({ item, refused }: UntrustedItem): IgnoredEvidence {
  const { event, hash, producer } = item.evidence;
  return { eventId: event.context.id, hash: `sha256:${hash}`, producer, kinds: refused };
}

function untrustedReason({ item, refused }: UntrustedItem): GateReason {
  const { event, producer } = item.evidence;
  return {
    code: GateReasonCode.EvidenceUntrustedProducer,
    message: `${refused.join(', ')} in event ${event.context.id} not counted: its producer '${producer}' may not report ${refused.length === 1 ? 'it' : 'them'} (gate policy evidenceProducers)`,
  };
}

function dedupe(reasons: readonly GateReason[]): GateReason[] {
  const seen = new Set<string>();
  return reasons.filter((r) => {
    const key = `${r.code}\n${r.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
