import type { CDEvent } from '@shiplog/events';
import { parseEventType } from '@shiplog/events';
import { artifactKey } from './artifactIdentity.ts';
import type { ArtifactIdentity } from './artifactIdentity.ts';
import type { LedgerFact, Target } from './ledgerFact.ts';

/** `artifact-<sha256 hex>` for artifacts known by digest, else `artifact-<purl name@version>`. */
export function artifactStream(identity: ArtifactIdentity): string | undefined {
  const key = artifactKey(identity);
  return key === undefined ? undefined : `artifact-${key.replace(/^sha256:/, '')}`;
}

/** `deployment-<environment>.<service>` */
export function deploymentStream(target: Target): string {
  return `${deploymentStreamPrefix(target.environment)}${target.service}`;
}

/** What every deployment stream of one environment starts with: `deployment-<environment>.` */
export function deploymentStreamPrefix(environment: string): string {
  return `deployment-${environment}.`;
}

/**
 * The stream an event belongs to (DESIGN.md: `<category>-<id>`): releases' artifacts by digest,
 * deployments by environment and service, snapshots by environment, changes, gates and incidents by id, and anything else
 * by its CDEvents subject.
 */
export function streamFor(event: CDEvent, fact: LedgerFact): string {
  switch (fact.kind) {
    case 'change':
      return `change-${fact.changeId}`;
    case 'build':
    case 'verification':
    case 'release':
    case 'approval':
    case 'evidence':
    case 'exception':
      return artifactStream(fact.artifact) ?? subjectStream(event);
    case 'deploy':
    case 'removed':
    case 'postDeployVerification':
    case 'rolloutStep':
    case 'rollbackDecision':
    case 'completion':
      return deploymentStream(fact.target);
    case 'gate':
      return `gate-${fact.gateId}`;
    case 'incident':
      return `incident-${fact.incidentId}`;
    case 'violation':
      return `violation-${fact.offendingEventId}`;
    case 'snapshot':
      return `snapshot-${fact.environment}`;
    case 'other':
      return subjectStream(event);
  }
}

function subjectStream(event: CDEvent): string {
  const parts = parseEventType(event.context.type);
  const category = parts === undefined ? 'event' : parts.subject.toLowerCase();
  return `${category}-${event.subject.id}`;
}
