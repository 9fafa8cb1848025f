// Stages 5 to 7: a deployment of the service (deployed, upgraded or rolled back), its post-deploy
// verification and completion; approvals; incidents.
import { createCDEvent } from '@shiplog/events';
import type { CDEvent } from '@shiplog/events';
import { service, sources } from './demoStory.ts';
import type { Deployable } from './demoStory.ts';

export type DeployAction = 'deployed' | 'upgraded' | 'rolledback';

/** One post-deploy check, as the deployer ran it. */
export interface DeployCheck {
  readonly name: string;
  readonly kind: 'availability' | 'health' | 'smoke' | 'error-rate' | 'latency' | 'other';
  readonly outcome: 'pass' | 'fail' | 'error';
  readonly detail?: string;
}

const plusMs = (at: Date, ms: number): Date => new Date(at.getTime() + ms);
const ref = (artifact: Deployable) => ({ digest: artifact.digest, purl: artifact.purl });

/**
 * A deployment to `environment`, then its verification by `checks` and its completion, 1 ms apart
 * from `at` (distinct instants: the ledger reads one instant from one source as merged stages).
 */
export function deploymentEvents(
  environment: string,
  action: DeployAction,
  artifact: Deployable,
  checks: readonly DeployCheck[],
  at: Date,
  idPrefix: string,
): CDEvent[] {
  const source = sources.deployer(environment);
  const target = { environment: { id: environment }, service: { id: service.id } };
  const passed = checks.every((c) => c.outcome === 'pass');
  return [
    createCDEvent(`dev.cdevents.service.${action}.0.3.0`, {
      id: `${idPrefix}-${action}`,
      source,
      timestamp: at,
      subjectId: service.id,
      content: { environment: { id: environment }, artifactId: artifact.purl },
    }),
    createCDEvent('dev.cdeventsx.shiplog-deployment.verified.0.1.0', {
      id: `${idPrefix}-verified`,
      source,
      timestamp: plusMs(at, 1),
      subjectId: `${service.id}-${environment}-${artifact.version}`,
      content: { ...target, artifact: ref(artifact), outcome: passed ? 'pass' : 'fail', checks: [...checks] },
    }),
    createCDEvent('dev.cdeventsx.shiplog-deployment.completed.0.1.0', {
      id: `${idPrefix}-completed`,
      source,
      timestamp: plusMs(at, 2),
      subjectId: `${service.id}-${environment}-${artifact.version}`,
      content: { ...target, artifact: ref(artifact), outcome: passed ? 'success' : 'failure' },
    }),
  ];
}

/** A person's recorded approval of these bytes for `environment`. */
export function approvalEvent(environment: string, artifact: Deployable, at: Date, id: string): CDEvent {
  return createCDEvent('dev.cdeventsx.shiplog-approval.granted.0.1.0', {
    id,
    source: sources.approver,
    timestamp: at,
    subjectId: `${service.id}-${environment}-${artifact.version}`,
    content: {
      approver: { id: 'release-manager', name: 'Release Manager' },
      environment: { id: environment },
      artifact: ref(artifact),
      reason: `${service.id} ${artifact.version} passed staging`,
    },
  });
}

/** An incident in `environment`, attributed to the service and the bytes it ran. */
export function incidentEvent(
  phase: 'detected' | 'resolved',
  incidentId: string,
  environment: string,
  artifact: Deployable,
  description: string,
  at: Date,
): CDEvent {
  return createCDEvent(`dev.cdevents.incident.${phase}.0.3.0`, {
    id: `${incidentId}-${phase}`,
    source: sources.monitor,
    timestamp: at,
    subjectId: incidentId,
    content: {
      description,
      environment: { id: environment },
      service: { id: service.id },
      artifactId: artifact.purl,
    },
  });
}
