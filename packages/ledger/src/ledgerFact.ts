import { normalizeInstant } from '@shiplog/events';
import type { CDEvent, KnownEventType } from '@shiplog/events';
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

/** What one event means to the ledger, stage by stage (seed 001). */
export type LedgerFact =
  | { readonly kind: 'change'; readonly changeId: string }
  | { readonly kind: 'build'; readonly artifact: ArtifactIdentity; readonly changeId?: string }
  | {
      readonly kind: 'verification';
      readonly artifact: ArtifactIdentity;
      readonly check: string;
      readonly passed: boolean;
    }
  | { readonly kind: 'release'; readonly artifact: ArtifactIdentity }
  | {
      readonly kind: 'approval';
      readonly artifact: ArtifactIdentity;
      readonly environment: string;
      readonly granted: boolean;
    }
  | {
      readonly kind: 'deploy';
      readonly action: 'deployed' | 'upgraded' | 'rolledback';
      readonly target: Target;
      readonly artifact: ArtifactIdentity;
    }
  | { readonly kind: 'removed'; readonly target: Target }
  | {
      readonly kind: 'postDeployVerification';
      readonly target: Target;
      readonly artifact: ArtifactIdentity;
      readonly passed: boolean;
    }
  | {
      readonly kind: 'completion';
      readonly target: Target;
      readonly artifact: ArtifactIdentity;
      readonly succeeded: boolean;
    }
  | { readonly kind: 'evidence'; readonly artifact: ArtifactIdentity }
  | { readonly kind: 'gate'; readonly gateId: string; readonly artifact: ArtifactIdentity }
  | { readonly kind: 'incident'; readonly incidentId: string; readonly environment: string }
  | { readonly kind: 'violation'; readonly offendingEventId: string }
  | {
      readonly kind: 'snapshot';
      readonly environment: string;
      /** Everything running there is listed: a recorded service missing from it is not running. */
      readonly complete: boolean;
      readonly observed: readonly { readonly service: string; readonly digest: string }[];
    }
  | { readonly kind: 'other' };

/** Who reported a fact and when; the time in its normal form (UTC, milliseconds, `Z`). */
export function originOf(event: CDEvent): FactOrigin {
  const timestamp = normalizeInstant(event.context.timestamp) ?? event.context.timestamp;
  return { eventId: event.context.id, timestamp, source: event.context.source };
}

/** Reads what an event means: its stage, its artifact and its target. */
export function factOf(event: CDEvent): LedgerFact {
  const e = event as { context: { type: string }; subject: { id: string; content: Record<string, unknown> } };
  const content = e.subject.content;
  // Typed as the known types so that every case label is checked against the contract.
  const type = e.context.type as KnownEventType;
  switch (type) {
    case 'dev.cdevents.change.created.0.4.0':
    case 'dev.cdevents.change.merged.0.3.0':
    case 'dev.cdevents.change.updated.0.3.0':
    case 'dev.cdevents.change.reviewed.0.3.0':
    case 'dev.cdevents.change.abandoned.0.3.0':
      return { kind: 'change', changeId: e.subject.id };
    case 'dev.cdevents.artifact.packaged.0.3.0': {
      const change = content['change'] as { id: string };
      return { kind: 'build', artifact: purlIdentity(e.subject.id), changeId: change.id };
    }
    case 'dev.cdevents.build.finished.0.3.0': {
      const artifactId = content['artifactId'] as string | undefined;
      return artifactId === undefined
        ? { kind: 'other' }
        : { kind: 'build', artifact: purlIdentity(artifactId) };
    }
    case 'dev.cdevents.artifact.published.0.3.0':
      return { kind: 'release', artifact: purlIdentity(e.subject.id) };
    case 'dev.cdevents.artifact.signed.0.3.0':
    case 'dev.cdevents.artifact.downloaded.0.2.0':
    case 'dev.cdevents.artifact.deleted.0.2.0':
      return { kind: 'evidence', artifact: purlIdentity(e.subject.id) };
    case 'dev.cdevents.service.deployed.0.3.0':
    case 'dev.cdevents.service.upgraded.0.3.0':
    case 'dev.cdevents.service.rolledback.0.3.0': {
      const environment = (content['environment'] as { id: string }).id;
      const action = type.split('.')[3] as 'deployed' | 'upgraded' | 'rolledback';
      const artifact = purlIdentity(content['artifactId'] as string);
      return { kind: 'deploy', action, target: { environment, service: e.subject.id }, artifact };
    }
    case 'dev.cdevents.service.removed.0.3.0': {
      const environment = (content['environment'] as { id: string } | undefined)?.id;
      return environment === undefined
        ? { kind: 'other' }
        : { kind: 'removed', target: { environment, service: e.subject.id } };
    }
    case 'dev.cdevents.incident.detected.0.3.0':
    case 'dev.cdevents.incident.reported.0.3.0':
    case 'dev.cdevents.incident.resolved.0.3.0':
      return {
        kind: 'incident',
        incidentId: e.subject.id,
        environment: (content['environment'] as { id: string }).id,
      };
    default:
      return shiplogFactOf(type, content);
  }
}

type Ref = { digest?: string; purl?: string };
type Entity = { id: string };

function shiplogFactOf(type: KnownEventType, content: Record<string, unknown>): LedgerFact {
  const artifact = (): ArtifactIdentity => refIdentity(content['artifact'] as Ref);
  const target = (): Target => ({
    environment: (content['environment'] as Entity).id,
    service: (content['service'] as Entity).id,
  });
  switch (type) {
    case 'dev.cdeventsx.shiplog-verification.finished.0.1.0':
      return {
        kind: 'verification',
        artifact: artifact(),
        check: content['kind'] as string,
        passed: content['outcome'] === 'pass',
      };
    case 'dev.cdeventsx.shiplog-artifact.promoted.0.1.0':
    case 'dev.cdeventsx.shiplog-package.published.0.1.0':
      return { kind: 'release', artifact: artifact() };
    case 'dev.cdeventsx.shiplog-approval.granted.0.1.0':
    case 'dev.cdeventsx.shiplog-approval.rejected.0.1.0':
      return {
        kind: 'approval',
        artifact: artifact(),
        environment: (content['environment'] as Entity).id,
        granted: type.includes('.granted.'),
      };
    case 'dev.cdeventsx.shiplog-deployment.verified.0.1.0':
      return {
        kind: 'postDeployVerification',
        target: target(),
        artifact: artifact(),
        passed: content['outcome'] === 'pass',
      };
    case 'dev.cdeventsx.shiplog-deployment.completed.0.1.0':
      return {
        kind: 'completion',
        target: target(),
        artifact: artifact(),
        succeeded: content['outcome'] === 'success',
      };
    case 'dev.cdeventsx.shiplog-sbom.generated.0.1.0':
    case 'dev.cdeventsx.shiplog-attestation.recorded.0.1.0':
      return { kind: 'evidence', artifact: artifact() };
    case 'dev.cdeventsx.shiplog-gate.decided.0.1.0':
      return { kind: 'gate', gateId: content['gateId'] as string, artifact: artifact() };
    case 'dev.cdeventsx.shiplog-policy.violated.0.1.0':
      return { kind: 'violation', offendingEventId: content['offendingEventId'] as string };
    case 'dev.cdeventsx.shiplog-environment.snapshotted.0.1.0':
      return {
        kind: 'snapshot',
        environment: (content['environment'] as Entity).id,
        complete: content['complete'] === true,
        observed: (content['observed'] as { service: string; digest: string }[]).map((o) => ({
          service: o.service,
          digest: o.digest,
        })),
      };
    default:
      return { kind: 'other' };
  }
}
