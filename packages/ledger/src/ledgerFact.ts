import { isKnownEventType, normalizeInstant } from '@shiplog/events';
import type { CDEvent, CDEventOfType, DeploymentCheck, KnownEventType } from '@shiplog/events';
import type { ArtifactIdentity } from './artifactIdentity.ts';
import { purlIdentity, refIdentity } from './artifactIdentity.ts';
import type { FactOrigin, LedgerFact } from './ledgerFactTypes.ts';

export type {
  EvidenceProof,
  EvidenceRef,
  FactOfKind,
  FactOrigin,
  LedgerFact,
  Target,
} from './ledgerFactTypes.ts';

/** Who reported a fact and when; the time in its normal form (UTC, milliseconds, `Z`). */
export function originOf(event: CDEvent): FactOrigin {
  const timestamp = normalizeInstant(event.context.timestamp) ?? event.context.timestamp;
  return { eventId: event.context.id, timestamp, source: event.context.source };
}

/** The artifact a fact is about, if it names one. */
export function artifactOf(fact: LedgerFact): ArtifactIdentity | undefined {
  return 'artifact' in fact ? fact.artifact : undefined;
}

/** A known event flattened so that `switch (type)` narrows its content. */
type Typed = {
  readonly [T in KnownEventType]: {
    readonly type: T;
    readonly subject: string;
    readonly content: CDEventOfType<T>['subject']['content'];
  };
}[KnownEventType];

/** Reads what an event means: its stage, its artifact, its target and what it says of them. */
export function factOf(event: CDEvent): LedgerFact {
  const { type } = event.context;
  if (!isKnownEventType(type)) return { kind: 'other' };
  // The one cast: a recorded event of a known type was checked against that type's schema.
  return meaningOf({ type, subject: event.subject.id, content: event.subject.content } as Typed);
}

/**
 * The interpreter: one case per known event type and no `default`, so a new type added to
 * `@shiplog/events` does not compile until it is given a meaning here.
 */
function meaningOf(e: Typed): LedgerFact {
  switch (e.type) {
    case 'dev.cdevents.change.created.0.4.0':
    case 'dev.cdevents.change.merged.0.3.0':
    case 'dev.cdevents.change.updated.0.3.0':
    case 'dev.cdevents.change.reviewed.0.3.0':
    case 'dev.cdevents.change.abandoned.0.3.0':
      return { kind: 'change', changeId: e.subject };
    case 'dev.cdevents.artifact.packaged.0.3.0':
      return {
        kind: 'build',
        artifact: purlIdentity(e.subject),
        artifactId: e.subject,
        changeId: e.content.change.id,
        sbomUri: e.content.sbom?.uri,
      };
    case 'dev.cdevents.build.finished.0.3.0': {
      const { artifactId } = e.content;
      return artifactId === undefined
        ? { kind: 'other' }
        : { kind: 'build', artifact: purlIdentity(artifactId), artifactId };
    }
    case 'dev.cdevents.artifact.published.0.3.0':
      return {
        kind: 'release',
        artifact: purlIdentity(e.subject),
        sbomUri: e.content.sbom?.uri,
      };
    case 'dev.cdevents.artifact.signed.0.3.0':
      return {
        kind: 'evidence',
        artifact: purlIdentity(e.subject),
        proof: 'signature',
        signature: e.content.signature,
      };
    case 'dev.cdevents.artifact.downloaded.0.2.0':
      return { kind: 'evidence', artifact: purlIdentity(e.subject), proof: 'download' };
    case 'dev.cdevents.artifact.deleted.0.2.0':
      return { kind: 'evidence', artifact: purlIdentity(e.subject), proof: 'deletion' };
    case 'dev.cdevents.service.deployed.0.3.0':
    case 'dev.cdevents.service.upgraded.0.3.0':
    case 'dev.cdevents.service.rolledback.0.3.0':
      return {
        kind: 'deploy',
        action: deployAction[e.type],
        target: { environment: e.content.environment.id, service: e.subject },
        artifact: purlIdentity(e.content.artifactId),
        artifactId: e.content.artifactId,
      };
    case 'dev.cdevents.service.removed.0.3.0': {
      const environment = e.content.environment?.id;
      return environment === undefined
        ? { kind: 'other' }
        : { kind: 'removed', target: { environment, service: e.subject } };
    }
    case 'dev.cdevents.incident.detected.0.3.0':
    case 'dev.cdevents.incident.reported.0.3.0':
    case 'dev.cdevents.incident.resolved.0.3.0': {
      const { environment, service, artifactId } = e.content;
      return {
        kind: 'incident',
        incidentId: e.subject,
        phase: incidentPhase[e.type],
        environment: environment.id,
        service: service?.id,
        artifact: artifactId === undefined ? undefined : purlIdentity(artifactId),
      };
    }
    case 'dev.cdeventsx.shiplog-verification.finished.0.1.0':
      return {
        kind: 'verification',
        artifact: refIdentity(e.content.artifact),
        check: e.content.kind,
        passed: e.content.outcome === 'pass',
        outcome: e.content.outcome,
        measurements: e.content.measurements ?? {},
      };
    case 'dev.cdeventsx.shiplog-artifact.promoted.0.1.0':
      return {
        kind: 'release',
        artifact: refIdentity(e.content.artifact),
        to: `${e.content.to.kind}:${e.content.to.id}`,
      };
    case 'dev.cdeventsx.shiplog-package.published.0.1.0':
      return {
        kind: 'release',
        artifact: refIdentity(e.content.artifact),
        registry: e.content.registry,
        alreadyPublished: e.content.alreadyPublished,
      };
    case 'dev.cdeventsx.shiplog-approval.granted.0.1.0':
    case 'dev.cdeventsx.shiplog-approval.rejected.0.1.0':
      return {
        kind: 'approval',
        artifact: refIdentity(e.content.artifact),
        environment: e.content.environment.id,
        granted: e.type === 'dev.cdeventsx.shiplog-approval.granted.0.1.0',
        approver: e.content.approver.id,
        reason: e.content.reason,
      };
    case 'dev.cdeventsx.shiplog-deployment.verified.0.1.0':
      return {
        kind: 'postDeployVerification',
        target: { environment: e.content.environment.id, service: e.content.service.id },
        artifact: refIdentity(e.content.artifact),
        passed: e.content.outcome === 'pass',
        outcome: e.content.outcome,
        failing: failingChecks(e.content.checks),
      };
    case 'dev.cdeventsx.shiplog-rolloutstep.started.0.1.0':
    case 'dev.cdeventsx.shiplog-rolloutstep.finished.0.1.0': {
      const c = e.content;
      const finished = 'outcome' in c ? c : undefined;
      return {
        kind: 'rolloutStep',
        target: { environment: c.environment.id, service: c.service.id },
        artifact: refIdentity(c.artifact),
        strategy: c.strategy,
        step: c.step.index,
        weightPercent: c.step.weightPercent,
        outcome: finished === undefined ? 'started' : finished.outcome === 'pass' ? 'pass' : 'fail',
        failing: finished === undefined ? [] : failingChecks(finished.checks),
      };
    }
    case 'dev.cdeventsx.shiplog-rollback.decided.0.1.0': {
      const c = e.content;
      return {
        kind: 'rollbackDecision',
        target: { environment: c.environment.id, service: c.service.id },
        artifact: refIdentity(c.from),
        to: c.to === undefined ? undefined : refIdentity(c.to),
        reason: { code: c.reason.code, message: c.reason.message },
        triggeredBy: c.triggeredBy,
        deadline: normalizeInstant(c.deadline) ?? c.deadline,
      };
    }
    case 'dev.cdeventsx.shiplog-deployment.completed.0.1.0':
      return {
        kind: 'completion',
        target: { environment: e.content.environment.id, service: e.content.service.id },
        artifact: refIdentity(e.content.artifact),
        succeeded: e.content.outcome === 'success',
        outcome: e.content.outcome,
        reason: e.content.reason,
      };
    case 'dev.cdeventsx.shiplog-sbom.generated.0.1.0':
      return {
        kind: 'evidence',
        artifact: refIdentity(e.content.artifact),
        proof: 'sbom',
        sbom: { digest: e.content.sbom.digest, location: e.content.sbom.location },
      };
    case 'dev.cdeventsx.shiplog-attestation.recorded.0.1.0': {
      const { artifact, bundle, predicateType, signer } = e.content;
      return {
        kind: 'evidence',
        artifact: refIdentity(artifact),
        proof: 'attestation',
        bundleDigest: bundle.digest,
        predicateType,
        signer: signer.identity ?? signer.keyHint,
      };
    }
    case 'dev.cdeventsx.shiplog-gate.decided.0.1.0': {
      const c = e.content;
      return {
        kind: 'gate',
        gateId: c.gateId,
        artifact: refIdentity(c.artifact),
        stage: c.stage,
        environment: c.environment.id,
        service: c.service?.id,
        decision: c.decision,
        policy: { id: c.policy.id, digest: c.policy.digest },
        reasons: c.reasons.map((r) => r.code),
        evidence: c.evidence.map(({ eventId, hash }) => ({ eventId, hash })),
        ignored: (c.ignored ?? []).map(({ eventId, hash }) => ({ eventId, hash })),
        exceptions: (c.exceptions ?? []).map(({ eventId, hash }) => ({ eventId, hash })),
      };
    }
    case 'dev.cdeventsx.shiplog-policy.violated.0.1.0':
      return {
        kind: 'violation',
        offendingEventId: e.content.offendingEventId,
        rule: e.content.rule.code,
        severity: e.content.severity,
        message: e.content.rule.message,
      };
    case 'dev.cdeventsx.shiplog-exception.granted.0.1.0':
      return {
        kind: 'exception',
        artifact: refIdentity(e.content.artifact),
        check: e.content.check,
        ...(e.content.environment === undefined ? {} : { environment: e.content.environment.id }),
        approver: e.content.approver.id,
        reason: e.content.reason,
        expiresAt: e.content.expiresAt,
      };
    case 'dev.cdeventsx.shiplog-environment.snapshotted.0.1.0':
      return {
        kind: 'snapshot',
        environment: e.content.environment.id,
        complete: e.content.complete,
        observed: e.content.observed.map(({ service, digest }) => ({ service, digest })),
      };
    // Facts the ledger records but does not judge or project (yet): named, so adding one is a choice.
    case 'dev.cdevents.branch.created.0.3.0':
    case 'dev.cdevents.branch.deleted.0.3.0':
    case 'dev.cdevents.build.queued.0.3.0':
    case 'dev.cdevents.build.started.0.3.0':
    case 'dev.cdevents.environment.created.0.3.0':
    case 'dev.cdevents.environment.deleted.0.3.0':
    case 'dev.cdevents.environment.modified.0.3.0':
    case 'dev.cdevents.pipelinerun.finished.0.3.0':
    case 'dev.cdevents.pipelinerun.queued.0.3.0':
    case 'dev.cdevents.pipelinerun.started.0.3.0':
    case 'dev.cdevents.repository.created.0.3.0':
    case 'dev.cdevents.repository.deleted.0.3.0':
    case 'dev.cdevents.repository.modified.0.3.0':
    case 'dev.cdevents.service.published.0.3.0':
    case 'dev.cdevents.taskrun.finished.0.3.0':
    case 'dev.cdevents.taskrun.started.0.3.0':
    case 'dev.cdevents.testcaserun.finished.0.3.0':
    case 'dev.cdevents.testcaserun.queued.0.3.0':
    case 'dev.cdevents.testcaserun.skipped.0.2.0':
    case 'dev.cdevents.testcaserun.started.0.3.0':
    case 'dev.cdevents.testoutput.published.0.3.0':
    case 'dev.cdevents.testsuiterun.finished.0.3.0':
    case 'dev.cdevents.testsuiterun.queued.0.3.0':
    case 'dev.cdevents.testsuiterun.started.0.3.0':
    case 'dev.cdevents.ticket.closed.0.2.0':
    case 'dev.cdevents.ticket.created.0.2.0':
    case 'dev.cdevents.ticket.updated.0.2.0':
      return { kind: 'other' };
  }
  return unreachable(e);
}

/** The checks that did not pass, each with its measurement against its threshold when reported. */
function failingChecks(checks: readonly DeploymentCheck[]): string[] {
  return checks
    .filter((c) => c.outcome !== 'pass')
    .map((c) =>
      c.observed === undefined
        ? `${c.name}: ${c.outcome}`
        : `${c.name}: ${c.observed}${c.threshold === undefined ? '' : ` against ${c.threshold}`}`,
    );
}

const deployAction = {
  'dev.cdevents.service.deployed.0.3.0': 'deployed',
  'dev.cdevents.service.upgraded.0.3.0': 'upgraded',
  'dev.cdevents.service.rolledback.0.3.0': 'rolledback',
} as const;

const incidentPhase = {
  'dev.cdevents.incident.detected.0.3.0': 'detected',
  'dev.cdevents.incident.reported.0.3.0': 'reported',
  'dev.cdevents.incident.resolved.0.3.0': 'resolved',
} as const;

// Compiles only when every case above returned: `e` is `never` here.
function unreachable(e: never): never {
  throw new Error(`no meaning for event type ${(e as { type: string }).type}`);
}
