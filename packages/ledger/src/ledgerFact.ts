import { isKnownEventType, normalizeInstant } from '@shiplog/events';
import type {
  CDEvent,
  CDEventOfType,
  KnownEventType,
  PipelineStage,
  VerificationMeasurements,
} from '@shiplog/events';
import type { ArtifactIdentity } from './artifactIdentity.ts';
import { purlIdentity, refIdentity } from './artifactIdentity.ts';

/** When and by whom a fact was reported: enough to order stages and spot merged ones. */
export interface FactOrigin {
  readonly eventId: string;
  readonly timestamp: string;
  readonly source: string;
}

/** A deployment target: a service in an environment. */
export interface Target {
  readonly environment: string;
  readonly service: string;
}

/** A recorded event a gate decision names, pinned by its ledger record hash (`sha256:<hex>`). */
export interface EvidenceRef {
  readonly eventId: string;
  readonly hash: string;
}

/** What an evidence event proves about its artifact. */
export type EvidenceProof = 'sbom' | 'signature' | 'attestation' | 'download' | 'deletion';

/**
 * What one event means to the ledger, stage by stage (seed 001), with every field the recorder,
 * the read models, the gate and `why` read: nothing downstream reads an event's content.
 */
export type LedgerFact =
  | { readonly kind: 'change'; readonly changeId: string }
  | {
      readonly kind: 'build';
      readonly artifact: ArtifactIdentity;
      /** The purl the build named. */
      readonly artifactId: string;
      readonly changeId?: string;
      readonly sbomUri?: string;
    }
  | {
      readonly kind: 'verification';
      readonly artifact: ArtifactIdentity;
      readonly check: string;
      readonly passed: boolean;
      readonly outcome: 'pass' | 'fail' | 'error';
      readonly measurements: VerificationMeasurements;
    }
  | {
      readonly kind: 'release';
      readonly artifact: ArtifactIdentity;
      /** Where a promotion took it: `environment:<id>` or `channel:<id>`. */
      readonly to?: string;
      readonly registry?: string;
      /** A registry publication that found these bytes there already. */
      readonly alreadyPublished?: boolean;
      readonly sbomUri?: string;
    }
  | {
      readonly kind: 'approval';
      readonly artifact: ArtifactIdentity;
      readonly environment: string;
      readonly granted: boolean;
      readonly approver: string;
      readonly reason?: string;
    }
  | {
      readonly kind: 'deploy';
      readonly action: 'deployed' | 'upgraded' | 'rolledback';
      readonly target: Target;
      readonly artifact: ArtifactIdentity;
      readonly artifactId: string;
    }
  | { readonly kind: 'removed'; readonly target: Target }
  | {
      readonly kind: 'postDeployVerification';
      readonly target: Target;
      readonly artifact: ArtifactIdentity;
      readonly passed: boolean;
      readonly outcome: 'pass' | 'fail' | 'error';
    }
  | {
      readonly kind: 'completion';
      readonly target: Target;
      readonly artifact: ArtifactIdentity;
      readonly succeeded: boolean;
      readonly outcome: 'success' | 'failure';
      readonly reason?: string;
    }
  | {
      readonly kind: 'evidence';
      readonly artifact: ArtifactIdentity;
      readonly proof: EvidenceProof;
      readonly signature?: string;
      readonly sbom?: { readonly digest: string; readonly location: string };
      readonly bundleDigest?: string;
      readonly predicateType?: string;
      readonly signer?: string;
    }
  | {
      readonly kind: 'gate';
      readonly gateId: string;
      readonly artifact: ArtifactIdentity;
      readonly stage: PipelineStage;
      readonly environment: string;
      readonly service?: string;
      readonly decision: 'allow' | 'deny';
      readonly policy: { readonly id: string; readonly digest: string };
      readonly reasons: readonly string[];
      /** The evidence it rested on, and what it did not count: event ids with their record hashes. */
      readonly evidence: readonly EvidenceRef[];
      readonly ignored: readonly EvidenceRef[];
    }
  | {
      readonly kind: 'incident';
      readonly incidentId: string;
      readonly phase: 'detected' | 'reported' | 'resolved';
      readonly environment: string;
      readonly service?: string;
      readonly artifact?: ArtifactIdentity;
    }
  | {
      readonly kind: 'violation';
      readonly offendingEventId: string;
      readonly rule: string;
      readonly severity: 'low' | 'medium' | 'high' | 'critical';
      readonly message: string;
    }
  | { readonly kind: 'other' };

/** The facts of one kind. */
export type FactOfKind<K extends LedgerFact['kind']> = Extract<LedgerFact, { kind: K }>;

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

const optional = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

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
        ...optional('sbomUri', e.content.sbom?.uri),
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
        ...optional('sbomUri', e.content.sbom?.uri),
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
        ...optional('service', service?.id),
        ...optional('artifact', artifactId === undefined ? undefined : purlIdentity(artifactId)),
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
        ...optional('reason', e.content.reason),
      };
    case 'dev.cdeventsx.shiplog-deployment.verified.0.1.0':
      return {
        kind: 'postDeployVerification',
        target: { environment: e.content.environment.id, service: e.content.service.id },
        artifact: refIdentity(e.content.artifact),
        passed: e.content.outcome === 'pass',
        outcome: e.content.outcome,
      };
    case 'dev.cdeventsx.shiplog-deployment.completed.0.1.0':
      return {
        kind: 'completion',
        target: { environment: e.content.environment.id, service: e.content.service.id },
        artifact: refIdentity(e.content.artifact),
        succeeded: e.content.outcome === 'success',
        outcome: e.content.outcome,
        ...optional('reason', e.content.reason),
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
        ...optional('signer', signer.identity ?? signer.keyHint),
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
        ...optional('service', c.service?.id),
        decision: c.decision,
        policy: { id: c.policy.id, digest: c.policy.digest },
        reasons: c.reasons.map((r) => r.code),
        evidence: c.evidence.map(({ eventId, hash }) => ({ eventId, hash })),
        ignored: (c.ignored ?? []).map(({ eventId, hash }) => ({ eventId, hash })),
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
