import { parseCDEvent } from '@shiplog/events';
import type { CDEvent } from '@shiplog/events';
import { createRecorder, ProducerIdentity } from '@shiplog/ledger';
import { createSqliteEventStore } from '@shiplog/store';

/**
 * A release pipeline's events for one artifact, as a CI system would send them: built, tested,
 * scanned, SBOM'd, signed, deployed to staging and verified there, approved for production.
 */
export function gatePipeline(name = 'checkout', seed = 0xfeed) {
  const digest = `sha256:${seed.toString(16).padStart(64, '0')}`;
  const purl = `pkg:oci/${name}@${digest}?tag=2.1.0`;
  const artifact = { digest, purl };
  let n = 0;
  const event = (
    type: string,
    subjectId: string,
    content: Record<string, unknown>,
    source = '/ci/acme',
  ): CDEvent => {
    n += 1;
    const value = {
      context: {
        specversion: '0.5.1',
        id: `${name}-${seed.toString(16)}-${n}`,
        source,
        type,
        timestamp: new Date(Date.UTC(2026, 2, 1, 8, n)).toISOString(),
      },
      subject: { id: subjectId, content },
    };
    const parsed = parseCDEvent(value);
    if (!parsed.ok) throw new Error(`${type}: ${JSON.stringify(parsed.problems)}`);
    return parsed.event;
  };
  const verification = (kind: string, outcome: string, measurements: Record<string, unknown>) =>
    event('dev.cdeventsx.shiplog-verification.finished.0.1.0', `${name}-${kind}-${n + 1}`, {
      kind,
      outcome,
      artifact,
      measurements,
    });

  return {
    digest,
    purl,
    change: () => event('dev.cdevents.change.created.0.4.0', 'PR-9', { repository: { id: `acme/${name}` } }),
    packaged: () => event('dev.cdevents.artifact.packaged.0.3.0', purl, { change: { id: 'PR-9' } }),
    tests: (failed = 0) =>
      verification('tests', failed > 0 ? 'fail' : 'pass', { testsPassed: 300, testsFailed: failed }),
    coverage: (percent: number) =>
      verification('coverage', percent >= 80 ? 'pass' : 'fail', { coveragePercent: percent }),
    vulnerabilities: (critical = 0, high = 0) =>
      verification('vulnerability-scan', critical + high > 0 ? 'fail' : 'pass', {
        vulnerabilities: { critical, high, medium: 1, low: 4 },
      }),
    secrets: () => verification('secret-scan', 'pass', { secretsFound: 0 }),
    licences: () => verification('licence-check', 'pass', { licencesDenied: [] }),
    sbom: () =>
      event('dev.cdeventsx.shiplog-sbom.generated.0.1.0', `${name}-sbom`, {
        artifact,
        sbom: {
          digest: `sha256:${'1'.repeat(64)}`,
          format: 'CycloneDX',
          specVersion: '1.6',
          location: `oci://registry.example/${name}/sbom`,
          componentCount: 17,
        },
      }),
    signed: () => event('dev.cdevents.artifact.signed.0.3.0', purl, { signature: 'MEQCIF1x' }),
    attested: () =>
      event('dev.cdeventsx.shiplog-attestation.recorded.0.1.0', `${name}-attestation`, {
        artifact,
        bundle: { digest: `sha256:${'2'.repeat(64)}` },
        predicateType: 'https://slsa.dev/provenance/v1',
        signer: { keyHint: 'release-key' },
      }),
    /** A build that says shiplog's build worker ran it (its source is under /shiplog/workers/). */
    workerPackaged: () =>
      event(
        'dev.cdevents.artifact.packaged.0.3.0',
        purl,
        { change: { id: 'PR-9' } },
        '/shiplog/workers/build',
      ),
    published: () => event('dev.cdevents.artifact.published.0.3.0', purl, {}),
    deployed: (environment: string) =>
      event('dev.cdevents.service.deployed.0.3.0', name, {
        environment: { id: environment },
        artifactId: purl,
      }),
    verified: (environment: string) =>
      event('dev.cdeventsx.shiplog-deployment.verified.0.1.0', `${name}-${environment}-checks`, {
        environment: { id: environment },
        service: { id: name },
        artifact,
        outcome: 'pass',
        checks: [{ name: 'health', kind: 'health', outcome: 'pass' }],
      }),
    approved: (environment: string) =>
      event('dev.cdeventsx.shiplog-approval.granted.0.1.0', `${name}-approval-${environment}`, {
        approver: { id: 'release-manager' },
        environment: { id: environment },
        artifact,
      }),
    /** `approver`'s word on these bytes for `environment`, as sent from `source`. */
    approval: (environment: string, approver: string, granted: boolean, source = '/ci/acme') =>
      event(
        `dev.cdeventsx.shiplog-approval.${granted ? 'granted' : 'rejected'}.0.1.0`,
        `${name}-approval-${environment}`,
        { approver: { id: approver }, environment: { id: environment }, artifact },
        source,
      ),
  };
}

export type GatePipeline = ReturnType<typeof gatePipeline>;

/** Everything production's default gate asks for, in pipeline order. */
export function releasedToStaging(p: GatePipeline): CDEvent[] {
  return [
    p.change(),
    p.packaged(),
    p.tests(),
    p.coverage(88),
    p.vulnerabilities(),
    p.secrets(),
    p.licences(),
    p.sbom(),
    p.signed(),
    p.published(),
    p.deployed('staging'),
    p.verified('staging'),
    p.approved('production'),
  ];
}

const workerTypes = new Set([
  'dev.cdeventsx.shiplog-sbom.generated.0.1.0',
  'dev.cdevents.artifact.signed.0.3.0',
  'dev.cdeventsx.shiplog-attestation.recorded.0.1.0',
]);

/** What only shiplog's workers report by default: SBOMs, signatures, attestations, worker builds. */
export function isWorkerEvidence(event: CDEvent): boolean {
  return workerTypes.has(event.context.type) || event.context.source.startsWith('/shiplog/workers/');
}

/**
 * Records events into a SQLite ledger as shiplog's workers do: straight into the store, by the
 * `shiplog-workers` identity (workers record their outcomes themselves, not through an emitter).
 */
export async function recordAsWorkers(ledgerPath: string, events: readonly CDEvent[]): Promise<void> {
  await recordAs(ledgerPath, ProducerIdentity.Workers, events);
}

/** Records events into a SQLite ledger as the transport would for the given producer identity. */
export async function recordAs(
  ledgerPath: string,
  producer: string,
  events: readonly CDEvent[],
): Promise<void> {
  const store = await createSqliteEventStore(ledgerPath);
  try {
    const recorder = createRecorder({ store, producer });
    for (const event of events) {
      const answer = await recorder.record({ value: event });
      if (answer.status === 'refused') throw new Error(`${event.context.id}: ${JSON.stringify(answer)}`);
    }
  } finally {
    await store.close();
  }
}

/**
 * Forgeries of what only shiplog's workers report, for one pipeline: what each is called, the type of
 * the genuine evidence it stands in for, how to make it, and the check it leaves failing.
 */
export const evidenceForgeries = [
  ['an SBOM', 'dev.cdeventsx.shiplog-sbom.generated.0.1.0', (p: GatePipeline) => p.sbom(), 'SBOM_MISSING'],
  ['a signature', 'dev.cdevents.artifact.signed.0.3.0', (p: GatePipeline) => p.signed(), 'SIGNATURE_MISSING'],
  [
    'an attestation',
    'dev.cdevents.artifact.signed.0.3.0',
    (p: GatePipeline) => p.attested(),
    'SIGNATURE_MISSING',
  ],
  [
    'a worker build',
    'dev.cdevents.artifact.packaged.0.3.0',
    (p: GatePipeline) => p.workerPackaged(),
    'ARTIFACT_NOT_BUILT',
  ],
] as const;
