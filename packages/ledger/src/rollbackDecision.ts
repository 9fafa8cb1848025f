import type { CDEvent, RollbackDecidedEvent } from '@shiplog/events';
import { createShiplogEvent, instantMs, rollbackDecidedType } from '@shiplog/events';
import type { ArtifactIdentity } from './artifactIdentity.ts';
import type { FactOrigin, LedgerFact } from './ledgerFact.ts';
import type { DeploymentRecord, LedgerView } from './ledgerView.ts';
import { sameArtifact, targetKey } from './ledgerView.ts';
import { derivedEventId, LEDGER_SOURCE } from './violationEvent.ts';
import { DEFAULT_ROLLBACK_WITHIN_SECONDS, ViolationCode } from './violations.ts';
import type { LedgerPolicy } from './violations.ts';

type Failing = Extract<LedgerFact, { kind: 'postDeployVerification' | 'rolloutStep' }>;

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
  return healthy.findLast((h) => failing === undefined || !sameArtifact(h.artifact, failing));
}

function failed(fact: LedgerFact): fact is Failing {
  if (fact.kind === 'postDeployVerification') return !fact.passed;
  return fact.kind === 'rolloutStep' && fact.outcome === 'fail';
}

const refOf = (identity: ArtifactIdentity) => ({
  ...(identity.digest === undefined ? {} : { digest: identity.digest }),
  ...(identity.nameVersion === undefined ? {} : { purl: identity.nameVersion }),
});

/**
 * The rollback shiplog decides when a check or rollout window of what runs on a target fails: from
 * the failing bytes to the last version that completed healthy there, due `rollbackWithinSeconds`
 * after the failure. None when the bytes do not run there, or a rollback of them is already decided.
 */
export function rollbackDecisionEvent(
  view: LedgerView,
  offending: CDEvent,
  fact: LedgerFact,
  origin: FactOrigin,
  policy: LedgerPolicy,
): RollbackDecidedEvent | undefined {
  if (!failed(fact)) return undefined;
  const key = targetKey(fact.target);
  const running = view.deployments.get(key);
  if (running === undefined || !sameArtifact(running.artifact, fact.artifact)) return undefined;
  if (sameArtifact(view.rollbacks.get(key)?.from, fact.artifact)) return undefined;
  const to = rollbackTarget(view, fact.target, fact.artifact);
  const within = policy.rollbackWithinSeconds ?? DEFAULT_ROLLBACK_WITHIN_SECONDS;
  const deadline = new Date((instantMs(origin.timestamp) ?? 0) + within * 1000).toISOString();
  const what =
    fact.kind === 'rolloutStep' ? `${fact.strategy} step ${fact.step}` : 'post-deploy verification';
  const measured = fact.failing.length === 0 ? 'failed' : fact.failing.join('; ');
  const toRef = to === undefined ? undefined : refOf(to.artifact);
  return createShiplogEvent(rollbackDecidedType, {
    id: derivedEventId(offending.context.source, offending.context.id, 'rollback.decided'),
    source: LEDGER_SOURCE,
    timestamp: offending.context.timestamp,
    subjectId: `rollback-${key}`,
    ...(offending.context.chainId === undefined ? {} : { chainId: offending.context.chainId }),
    links: [{ linkType: 'RELATION', linkKind: 'TRIGGERED_BY', target: { contextId: offending.context.id } }],
    content: {
      environment: { id: fact.target.environment },
      service: { id: fact.target.service },
      from: refOf(fact.artifact),
      ...(toRef === undefined ? {} : { to: toRef }),
      reason: {
        code: ViolationCode.DeployCheckFailed,
        message: `${what} failed: ${measured}${to === undefined ? '; no version completed healthy there before' : ''}`,
      },
      triggeredBy: offending.context.id,
      deadline,
    },
  });
}
