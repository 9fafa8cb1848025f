import type { ArtifactIdentity } from '../artifactIdentity.ts';
import { environmentIdentity } from '../environmentIdentity.ts';
import type { CheckResult } from './gateChecks.ts';
import type { EvidenceItem } from './gateEvidenceItems.ts';
import { latest, sameArtifact } from './gateEvidenceItems.ts';
import { GateReasonCode } from './gateReasonCodes.ts';

/**
 * Approvals of these bytes for this environment. An approver's word is keyed by who recorded it:
 * the producer the transport named and the approver the event names (the approver id alone is only
 * the sender's claim). The latest word per (producer, approver) counts, so a rejection stands until
 * the producer that recorded it records a grant for that approver; a grant from another producer
 * lifts nothing. A standing rejection denies even when enough others approved; `min` counts
 * distinct approvers with a standing grant (one person approving through two tools is one).
 * Environments are matched by identity (`Production` is `production`).
 */
export function approvalCheck(
  items: readonly EvidenceItem[],
  artifact: ArtifactIdentity,
  environment: string,
  min: number,
): CheckResult {
  const found = items.filter(
    (i) =>
      i.fact.kind === 'approval' &&
      environmentIdentity(i.fact.environment) === environmentIdentity(environment) &&
      sameArtifact(artifact, i.fact.artifact),
  );
  const words = new Map<string, { approver: string; producer: string; granted: boolean; position: number }>();
  for (const item of found) {
    if (item.fact.kind !== 'approval') continue;
    const approver = item.fact.approver;
    const { producer, position } = item.evidence;
    const key = JSON.stringify([producer, approver]);
    const seen = words.get(key);
    if (seen !== undefined && seen.position > position) continue;
    words.set(key, {
      approver,
      producer,
      granted: item.fact.granted,
      position,
    });
  }
  const standing = [...words.values()];
  const granted = standing.filter((w) => w.granted);
  const rejected = standing.filter((w) => !w.granted);
  const reasons = [];
  if (rejected.length > 0) {
    const who = rejected.map((w) => `${w.approver} (recorded by ${w.producer})`).join(', ');
    reasons.push({ code: GateReasonCode.ApprovalRejected, message: `rejected for ${environment} by ${who}` });
  }
  const approvers = new Set(granted.map((w) => w.approver)).size;
  if (approvers < min) {
    reasons.push({
      code: GateReasonCode.ApprovalMissing,
      message: `${approvers} approval(s) for ${environment}, ${min} needed`,
    });
  }
  return { reasons, used: found, kinds: ['approval'] };
}

/**
 * Build once, promote the same bytes: in each prior environment these bytes must have been
 * deployed (`service.deployed|upgraded`) and then pass post-deploy verification.
 */
export function priorStageCheck(
  items: readonly EvidenceItem[],
  artifact: ArtifactIdentity,
  prior: string,
  service: string | undefined,
): CheckResult {
  const inTarget = (target: { environment: string; service: string }): boolean =>
    target.environment === prior && (service === undefined || target.service === service);
  const deploys = items.filter(
    (i) =>
      i.fact.kind === 'deploy' &&
      i.fact.action !== 'rolledback' &&
      inTarget(i.fact.target) &&
      sameArtifact(artifact, i.fact.artifact),
  );
  const kinds = ['deployment', 'deploymentVerification'] as const;
  const first = deploys[0];
  const where = service === undefined ? prior : `${prior}/${service}`;
  if (first === undefined) {
    return {
      reasons: [
        { code: GateReasonCode.PriorStageMissing, message: `these bytes were never deployed to ${where}` },
      ],
      used: [],
      kinds,
    };
  }
  const verifications = items.filter(
    (i) =>
      i.fact.kind === 'postDeployVerification' &&
      inTarget(i.fact.target) &&
      sameArtifact(artifact, i.fact.artifact) &&
      i.evidence.position > first.evidence.position,
  );
  const last = latest(verifications);
  const passed = last !== undefined && last.fact.kind === 'postDeployVerification' && last.fact.passed;
  const message =
    last === undefined
      ? `deployed to ${where} but never post-deploy-verified there`
      : `the latest post-deploy verification in ${where} (${last.evidence.event.context.id}) did not pass`;
  return {
    reasons: passed ? [] : [{ code: GateReasonCode.PriorStageUnverified, message }],
    used: [...deploys, ...verifications],
    kinds,
  };
}
