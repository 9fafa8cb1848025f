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
    postDeployVerified: (at: string, environment = 'staging') =>
      event(
        'dev.cdeventsx.shiplog-deployment.verified.0.1.0',
        `${name}-${environment}-checks`,
        {
          environment: { id: environment },
          service: { id: name },
          artifact,
          outcome: 'pass',
          checks: [{ name: 'health', kind: 'health', outcome: 'pass' }],
        },
        at,
      ),
    completed: (at: string, environment = 'staging') =>
      event(
        'dev.cdeventsx.shiplog-deployment.completed.0.1.0',
        `${name}-${environment}-done`,
        { environment: { id: environment }, service: { id: name }, artifact, outcome: 'success' },
        at,
      ),
  };
}

/** Another artifact's purl for the same name and version: the bytes were rebuilt. */
export function rebuiltPurl(name: string, version: string, digest: number): string {
  return `pkg:oci/${name}@${digestOf(digest)}?tag=${version}`;
}
