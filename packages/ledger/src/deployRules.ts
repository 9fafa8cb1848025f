import { instantMs } from '@shiplog/events';
import type { ArtifactIdentity } from './artifactIdentity.ts';
import { sameArtifact } from './artifactIdentity.ts';
import { environmentIdentity } from './environmentIdentity.ts';
import type { FactOfKind, FactOrigin, Target } from './ledgerFact.ts';
import type { ArtifactRecord, LedgerView } from './ledgerView.ts';
import { targetKey } from './ledgerView.ts';
import { ViolationCode } from './violations.ts';
import type { LedgerPolicy, Violation } from './violations.ts';

// The rules of stages 5 to 7 beyond ordering (seeds 001 and 004): checks, gates, completion, rollback.

const where = (target: Target): string => `${target.environment}/${target.service}`;

function describe(identity: ArtifactIdentity): string {
  return [identity.nameVersion, identity.digest].filter(Boolean).join(' ') || 'the artifact';
}

/** A failed post-deploy check or rollout window, with what was measured against what. */
export function checkFailed(
  fact: FactOfKind<'postDeployVerification'> | FactOfKind<'rolloutStep'>,
): Violation[] {
  const failed = fact.kind === 'postDeployVerification' ? !fact.passed : fact.outcome === 'fail';
  if (!failed) return [];
  const what =
    fact.kind === 'postDeployVerification'
      ? 'post-deploy verification'
      : `${fact.strategy} step ${fact.step}${fact.weightPercent === undefined ? '' : ` (${fact.weightPercent}%)`}`;
  const measured = fact.failing.length === 0 ? '' : `: ${fact.failing.join('; ')}`;
  return [
    {
      code: ViolationCode.DeployCheckFailed,
      severity: 'high',
      message: `${what} of ${describe(fact.artifact)} in ${where(fact.target)} failed${measured}`,
    },
  ];
}

/** `completed` with success while the latest check of the same bytes there failed. */
export function completedAfterFailure(view: LedgerView, fact: FactOfKind<'completion'>): Violation[] {
  const checked = view.postDeploy.get(targetKey(fact.target));
  if (!fact.succeeded || checked === undefined || checked.passed) return [];
  if (!sameArtifact(checked.artifact, fact.artifact)) return [];
  return [
    {
      code: ViolationCode.CompletedAfterFailure,
      severity: 'high',
      message: `${describe(fact.artifact)} in ${where(fact.target)} reported complete and successful after its check failed (${checked.eventId}): incomplete deployments are failures`,
    },
  ];
}

/** A rollback to bytes that completed healthy on its target before: only such a rollback skips the deploy rules. */
export function restoresHealthy(view: LedgerView, fact: FactOfKind<'deploy'>): boolean {
  if (fact.action !== 'rolledback') return false;
  return (view.healthy.get(targetKey(fact.target)) ?? []).some((h) =>
    sameArtifact(h.artifact, fact.artifact),
  );
}

/** A deployment into a gated environment with no gate decision, or whose latest one denied. */
export function deployWithoutGate(
  view: LedgerView,
  fact: FactOfKind<'deploy'>,
  evidence: ArtifactRecord,
  policy: LedgerPolicy,
): Violation[] {
  // A rollback to bytes that completed healthy here before is not gated; a "rollback" to any others is a deployment.
  if (restoresHealthy(view, fact)) return [];
  const identity = environmentIdentity(fact.target.environment);
  const named = (policy.gatedEnvironments ?? []).some((e) => environmentIdentity(e) === identity);
  if (!named && !view.gatedEnvironments.has(identity)) return [];
  const open = view.rollbacks.get(targetKey(fact.target));
  if (open?.to !== undefined && sameArtifact(open.to, fact.artifact)) return []; // the decided rollback
  const latest = evidence.gates
    .filter((g) => environmentIdentity(g.environment) === identity)
    .reduce<ArtifactRecord['gates'][number] | undefined>(
      (a, b) => (a === undefined || b.position > a.position ? b : a),
      undefined,
    );
  if (latest?.allowed === true) return [];
  return [
    {
      code: ViolationCode.DeployWithoutGate,
      severity: 'high',
      message: `deployment of ${describe(fact.artifact)} to ${fact.target.environment} ${latest === undefined ? 'has no gate decision (the environment is gated)' : `went ahead although the gate denied it (${latest.eventId})`}`,
    },
  ];
}

/**
 * The deployment (or removal: it answers the decision too) that answers an open rollback
 * decision, after the decision's deadline.
 */
export function rollbackPastDeadline(
  view: LedgerView,
  fact: FactOfKind<'deploy'> | FactOfKind<'removed'>,
  origin: FactOrigin,
): Violation[] {
  const open = view.rollbacks.get(targetKey(fact.target));
  if (open === undefined || (fact.kind === 'deploy' && sameArtifact(open.from, fact.artifact))) return [];
  const lateMs = (instantMs(origin.timestamp) ?? 0) - (instantMs(open.deadline) ?? Number.POSITIVE_INFINITY);
  if (!(lateMs > 0)) return [];
  return [
    {
      code: ViolationCode.RollbackPastDeadline,
      severity: 'high',
      message: `${describe(open.from)} in ${where(fact.target)} was ${fact.kind === 'deploy' ? 'replaced' : 'removed'} at ${origin.timestamp}, ${Math.round(lateMs / 1000)} s after the rollback deadline ${open.deadline} (decided ${open.eventId})`,
    },
  ];
}

/** A rollout step of bytes that were never deployed to that target. */
export function rolloutWithoutDeploy(view: LedgerView, fact: FactOfKind<'rolloutStep'>): Violation[] {
  const deployed = view.deployments.get(targetKey(fact.target));
  if (deployed !== undefined && sameArtifact(deployed.artifact, fact.artifact)) return [];
  return [
    {
      code: ViolationCode.StageSkipped,
      severity: 'high',
      message: `rollout step recorded but a deployment of ${describe(fact.artifact)} to ${where(fact.target)} never was`,
    },
  ];
}
