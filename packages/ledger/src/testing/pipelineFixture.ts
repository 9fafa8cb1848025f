import { parseCDEvent } from '@shiplog/events';
import type { CDEvent } from '@shiplog/events';

const digestOf = (n: number): string => `sha256:${n.toString(16).padStart(64, '0')}`;

/** A test pipeline's facts as CDEvents, each with a distinct id and a timestamp you choose. */
export function pipelineFixture(
  options: { readonly name?: string; readonly version?: string; readonly digest?: number } = {},
) {
  const name = options.name ?? 'checkout';
  const version = options.version ?? '1.4.0';
  const digest = digestOf(options.digest ?? 0xabc);
  const purl = `pkg:oci/${name}@${digest}?tag=${version}`;
  let counter = 0;

  function event(
    type: string,
    subjectId: string,
    content: Record<string, unknown>,
    at: string,
    source = '/ci/pipeline',
  ): CDEvent {
    counter += 1;
    const value = {
      context: {
        specversion: '0.5.1',
        id: `${name}-${counter}-${type.split('.')[2] ?? ''}`,
        source,
        type,
        timestamp: at,
      },
      subject: { id: subjectId, content },
    };
    const parsed = parseCDEvent(value);
    if (!parsed.ok) throw new Error(`fixture ${type} is invalid: ${JSON.stringify(parsed.problems)}`);
    return parsed.event;
  }
  const artifact = { digest, purl };

  return {
    digest,
    purl,
    changeCreated: (at: string, change = 'PR-7') =>
      event('dev.cdevents.change.created.0.4.0', change, { repository: { id: `acme/${name}` } }, at),
    packaged: (at: string, change = 'PR-7', bytes = purl, source?: string) =>
      event('dev.cdevents.artifact.packaged.0.3.0', bytes, { change: { id: change } }, at, source),
    verified: (at: string, outcome: 'pass' | 'fail' = 'pass', kind = 'tests') =>
      event(
        'dev.cdeventsx.shiplog-verification.finished.0.1.0',
        `verify-${kind}`,
        { kind, outcome, artifact },
        at,
      ),
    published: (at: string, source?: string) =>
      event('dev.cdevents.artifact.published.0.3.0', purl, {}, at, source),
    approved: (at: string, environment = 'production') =>
      event(
        'dev.cdeventsx.shiplog-approval.granted.0.1.0',
        `approval-${environment}`,
        { approver: { id: 'alice' }, environment: { id: environment }, artifact },
        at,
      ),
    deployed: (at: string, environment = 'staging', bytes = purl, source?: string) =>
      event(
        'dev.cdevents.service.deployed.0.3.0',
        name,
        { environment: { id: environment }, artifactId: bytes },
        at,
        source,
      ),
    postDeployVerified: (at: string, environment = 'staging', outcome: 'pass' | 'fail' = 'pass') =>
      event(
        'dev.cdeventsx.shiplog-deployment.verified.0.1.0',
        `${name}-${environment}-checks`,
        {
          environment: { id: environment },
          service: { id: name },
          artifact,
          outcome,
          checks:
            outcome === 'pass'
              ? [{ name: 'health', kind: 'health', outcome: 'pass' }]
              : [
                  {
                    name: 'error rate',
                    kind: 'error-rate',
                    outcome: 'fail',
                    observed: 0.12,
                    threshold: 0.01,
                  },
                ],
        },
        at,
      ),
    completed: (at: string, environment = 'staging', outcome: 'success' | 'failure' = 'success') =>
      event(
        'dev.cdeventsx.shiplog-deployment.completed.0.1.0',
        `${name}-${environment}-done`,
        { environment: { id: environment }, service: { id: name }, artifact, outcome },
        at,
      ),
    /** A canary step: `started` shifts `weightPercent` of the traffic; `pass`/`fail` ends its window. */
    canaryStep: (
      at: string,
      environment: string,
      weightPercent: number,
      outcome: 'started' | 'pass' | 'fail',
    ) =>
      event(
        `dev.cdeventsx.shiplog-rolloutstep.${outcome === 'started' ? 'started' : 'finished'}.0.1.0`,
        `${name}-${environment}-canary`,
        {
          environment: { id: environment },
          service: { id: name },
          artifact,
          strategy: 'canary',
          step: {
            index: weightPercent === 10 ? 1 : weightPercent === 50 ? 2 : 3,
            of: 3,
            weightPercent,
            windowSeconds: 900,
          },
          ...(outcome === 'started'
            ? {}
            : {
                outcome,
                checks: [
                  outcome === 'pass'
                    ? {
                        name: 'error rate 15m',
                        kind: 'error-rate',
                        outcome,
                        observed: 0.002,
                        threshold: 0.01,
                      }
                    : {
                        name: 'error rate 15m',
                        kind: 'error-rate',
                        outcome,
                        observed: 0.12,
                        threshold: 0.01,
                      },
                ],
              }),
        },
        at,
      ),
    /** A gate decision as shiplog records it (tests fold it in directly). */
    gateDecided: (at: string, environment: string, decision: 'allow' | 'deny' = 'allow') =>
      event(
        'dev.cdeventsx.shiplog-gate.decided.0.1.0',
        `gate-${environment}`,
        {
          gateId: `gate-${environment}-${decision}`,
          stage: 'deploy',
          environment: { id: environment },
          artifact,
          decision,
          reasons: decision === 'allow' ? [] : [{ code: 'COVERAGE_BELOW_MIN', message: 'coverage 71%' }],
          policy: { id: 'default', digest: digestOf(0xd0c) },
          evidence: [],
        },
        at,
        '/shiplog/gate',
      ),
    rolledBack: (at: string, environment: string, bytes = purl) =>
      event(
        'dev.cdevents.service.rolledback.0.3.0',
        name,
        { environment: { id: environment }, artifactId: bytes },
        at,
      ),
  };
}

/** Another artifact's purl for the same name and version: the bytes were rebuilt. */
export function rebuiltPurl(name: string, version: string, digest: number): string {
  return `pkg:oci/${name}@${digestOf(digest)}?tag=${version}`;
}
