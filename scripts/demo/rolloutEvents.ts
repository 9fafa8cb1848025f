// Seed 004's canary in production: the new version takes 10% of the traffic, its monitoring window
// passes, then 50%, whose window fails (error rate 0.12 against 0.01), so 100% never comes and
// shiplog decides the rollback. The windows are reported as 15 and 30 minutes but the demo does not
// wait them out: the events follow each other by milliseconds.
import { createCDEvent } from '@shiplog/events';
import type { CDEvent } from '@shiplog/events';
import { service, sources } from './demoStory.ts';
import type { Deployable } from './demoStory.ts';
import type { DeployCheck } from './deploymentEvents.ts';

const plusMs = (at: Date, ms: number): Date => new Date(at.getTime() + ms);

/** The error rate the monitor measured over the 50% window, and the SLO it is held to. */
export const failedWindow = { observed: 0.12, threshold: 0.01 } as const;

/**
 * The upgrade of production to `artifact` as a canary 10% → 50% (→ 100% if healthy): the 10%
 * window is judged by `checks` (the module really fetched and run), the 50% window fails.
 */
export function canaryEvents(
  artifact: Deployable,
  checks: readonly DeployCheck[],
  at: Date,
  idPrefix: string,
): CDEvent[] {
  const source = sources.deployer('production');
  const target = { environment: { id: 'production' }, service: { id: service.id } };
  const base = {
    ...target,
    artifact: { digest: artifact.digest, purl: artifact.purl },
    strategy: 'canary' as const,
  };
  const subjectId = `${service.id}-production-${artifact.version}-canary`;
  const steps = [
    { index: 1, of: 3, weightPercent: 10, windowSeconds: 900 },
    { index: 2, of: 3, weightPercent: 50, windowSeconds: 1800 },
  ];
  const event = (n: number, type: 'started' | 'finished', content: object): CDEvent =>
    createCDEvent(`dev.cdeventsx.shiplog-rolloutstep.${type}.0.1.0`, {
      id: `${idPrefix}-step-${n}`,
      source,
      timestamp: plusMs(at, n),
      subjectId,
      content: content as never,
    });
  const first = checks.every((c) => c.outcome === 'pass') ? 'pass' : 'fail';
  return [
    createCDEvent('dev.cdevents.service.upgraded.0.3.0', {
      id: `${idPrefix}-upgraded`,
      source,
      timestamp: at,
      subjectId: service.id,
      content: { environment: { id: 'production' }, artifactId: artifact.purl },
    }),
    event(1, 'started', { ...base, step: steps[0] }),
    event(2, 'finished', { ...base, step: steps[0], outcome: first, checks: [...checks] }),
    event(3, 'started', { ...base, step: steps[1] }),
    event(4, 'finished', {
      ...base,
      step: steps[1],
      outcome: 'fail',
      checks: [
        { name: 'error rate 30m', kind: 'error-rate', outcome: 'fail', ...failedWindow },
        { name: 'p95 latency', kind: 'latency', outcome: 'pass', observed: 180, threshold: 300 },
      ],
    }),
  ];
}
