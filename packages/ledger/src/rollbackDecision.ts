import type { CDEvent, RollbackDecidedEvent } from '@shiplog/events';
import { createShiplogEvent, instantMs, rollbackDecidedType } from '@shiplog/events';
import type { ArtifactIdentity } from './artifactIdentity.ts';
import { sameArtifact } from './artifactIdentity.ts';
import type { FactOfKind, LedgerFact } from './ledgerFact.ts';
import type { DeploymentRecord, LedgerView, Stamped } from './ledgerView.ts';
import { targetKey } from './ledgerView.ts';
import { derivedEventId, LEDGER_SOURCE } from './violationEvent.ts';
import { DEFAULT_ROLLBACK_WITHIN_SECONDS, ViolationCode } from './violations.ts';
import type { LedgerPolicy } from './violations.ts';

type Failing = FactOfKind<'postDeployVerification'> | FactOfKind<'rolloutStep'>;

/**
 * The last version that completed healthy on `environment/service` other than `failing`: what a
 * rollback goes back to (seed 001: a previously released artifact, a known healthy state).
 */
export function rollbackTarget(
  view: LedgerView,
  target: { readonly environment: string; readonly service: string },
  failing?: ArtifactIdentity,
): DeploymentRecord | undefined {
  const healthy = view.healthy.get(targetKey(target)) ?? [];
  return healthy.findLast((h) => failing === undefined || !sameArtifact(failing, h.artifact));
}

function failed(fact: LedgerFact): fact is Failing {
  if (fact.kind === 'postDeployVerification') return !fact.passed;
  return fact.kind === 'rolloutStep' && fact.outcome === 'fail';
}

/**
 * The rollback shiplog decides when a check or rollout window of what runs on a target fails: from
 * the failing bytes to the last version that completed healthy there, due `rollbackWithinSeconds`
 * after the failure. None when the bytes do not run there, or a rollback of them is already decided.
 * Pure: `decide` returns it after the failure's violations.
 */
export function rollbackDecision(
  view: LedgerView,
  fact: LedgerFact,
  stamp: Stamped,
  policy: LedgerPolicy,
): FactOfKind<'rollbackDecision'> | undefined {
  if (!failed(fact)) return undefined;
  const key = targetKey(fact.target);
  const running = view.deployments.get(key);
  if (running === undefined || !sameArtifact(fact.artifact, running.artifact)) return undefined;
  const open = view.rollbacks.get(key);
  if (open !== undefined && sameArtifact(fact.artifact, open.from)) return undefined;
  const to = rollbackTarget(view, fact.target, fact.artifact)?.artifact;
  const within = policy.rollbackWithinSeconds ?? DEFAULT_ROLLBACK_WITHIN_SECONDS;
  const deadline = new Date((instantMs(stamp.timestamp) ?? 0) + within * 1000).toISOString();
  const what =
    fact.kind === 'rolloutStep' ? `${fact.strategy} step ${fact.step}` : 'post-deploy verification';
  const measured = fact.failing.length === 0 ? 'failed' : fact.failing.join('; ');
  return {
    kind: 'rollbackDecision',
    target: fact.target,
    artifact: fact.artifact,
    to,
    reason: {
      code: ViolationCode.DeployCheckFailed,
      message: `${what} failed: ${measured}${to === undefined ? '; no version completed healthy there before' : ''}`,
    },
    triggeredBy: stamp.eventId,
    deadline,
  };
}

const refOf = (identity: ArtifactIdentity) => ({
  ...(identity.digest === undefined ? {} : { digest: identity.digest }),
  ...(identity.nameVersion === undefined ? {} : { purl: identity.nameVersion }),
});

/**
 * The event that records a decided rollback, under the ledger's source with an id derived from the
 * failure's (so only the ledger records it, once): `factOf` reads it back as `decision`.
 */
export function rollbackDecisionEvent(
  offending: CDEvent,
  decision: FactOfKind<'rollbackDecision'>,
): RollbackDecidedEvent {
  const { target, to } = decision;
  return createShiplogEvent(rollbackDecidedType, {
    id: derivedEventId(offending.context.source, offending.context.id, 'rollback.decided'),
    source: LEDGER_SOURCE,
    timestamp: offending.context.timestamp,
    subjectId: `rollback-${targetKey(target)}`,
    ...(offending.context.chainId === undefined ? {} : { chainId: offending.context.chainId }),
    links: [{ linkType: 'RELATION', linkKind: 'TRIGGERED_BY', target: { contextId: offending.context.id } }],
    content: {
      environment: { id: target.environment },
      service: { id: target.service },
      from: refOf(decision.artifact),
      ...(to === undefined ? {} : { to: refOf(to) }),
      reason: decision.reason,
      triggeredBy: decision.triggeredBy,
      deadline: decision.deadline,
    },
  });
}
