import type { ShiplogCDEvent, ShiplogEventType } from '../custom/shiplogEvents.ts';

const digest = (hexDigit: string): string => `sha256:${hexDigit.repeat(64)}`;
const artifact = { digest: digest('a'), purl: 'pkg:npm/%40acme/app@1.4.0' };

function event<T extends ShiplogEventType>(
  type: T,
  n: number,
  subjectId: string,
  content: unknown,
): ShiplogCDEvent {
  return {
    context: {
      specversion: '0.5.1',
      id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
      source: '/shiplog/examples',
      type,
      timestamp: `2026-03-0${(n % 9) + 1}T10:00:00Z`,
      chainId: 'chain-release-1.4.0',
    },
    subject: { id: subjectId, content },
  } as ShiplogCDEvent;
}

/** One valid example of every shiplog custom event type, keyed by type (for tests and docs). */
export const shiplogEventExamples: { readonly [T in ShiplogEventType]: ShiplogCDEvent } = {
  'dev.cdeventsx.shiplog-verification.finished.0.1.0': event(
    'dev.cdeventsx.shiplog-verification.finished.0.1.0',
    1,
    'verification-42',
    {
      kind: 'vulnerability-scan',
      outcome: 'pass',
      artifact,
      environment: { id: 'ci' },
      tool: { name: 'osv-scanner', version: '2.0.0' },
      measurements: { vulnerabilities: { critical: 0, high: 0, medium: 2, low: 5 }, coveragePercent: 87.5 },
      reportUri: 'https://ci.example.com/runs/42/osv.json',
    },
  ),
  'dev.cdeventsx.shiplog-approval.granted.0.1.0': event(
    'dev.cdeventsx.shiplog-approval.granted.0.1.0',
    2,
    'approval-7',
    {
      approver: { id: 'alice@example.com', name: 'Alice' },
      environment: { id: 'production' },
      artifact,
      reason: 'release notes reviewed',
    },
  ),
  'dev.cdeventsx.shiplog-approval.rejected.0.1.0': event(
    'dev.cdeventsx.shiplog-approval.rejected.0.1.0',
    3,
    'approval-8',
    {
      approver: { id: 'bob@example.com' },
      environment: { id: 'production' },
      artifact: { purl: artifact.purl },
      reason: 'change freeze',
    },
  ),
  'dev.cdeventsx.shiplog-gate.decided.0.1.0': event(
    'dev.cdeventsx.shiplog-gate.decided.0.1.0',
    4,
    'gate-production-99',
    {
      gateId: 'production-entry',
      stage: 'deploy',
      environment: { id: 'production' },
      service: { id: 'app' },
      artifact,
      decision: 'deny',
      reasons: [{ code: 'COVERAGE_BELOW_MIN', message: 'coverage 71% is below the 80% minimum' }],
      policy: { id: 'default', digest: digest('b') },
      evidence: [{ eventId: '00000000-0000-4000-8000-000000000001', hash: digest('c') }],
    },
  ),
  'dev.cdeventsx.shiplog-artifact.promoted.0.1.0': event(
    'dev.cdeventsx.shiplog-artifact.promoted.0.1.0',
    5,
    'promotion-3',
    {
      artifact,
      from: { kind: 'environment', id: 'staging' },
      to: { kind: 'environment', id: 'production' },
    },
  ),
  'dev.cdeventsx.shiplog-deployment.verified.0.1.0': event(
    'dev.cdeventsx.shiplog-deployment.verified.0.1.0',
    6,
    'deployment-production.app-12',
    {
      environment: { id: 'production' },
      service: { id: 'app' },
      artifact,
      outcome: 'pass',
      checks: [
        { name: 'readiness', kind: 'health', outcome: 'pass' },
        { name: 'error rate 5m', kind: 'error-rate', outcome: 'pass', observed: 0.002, threshold: 0.01 },
      ],
    },
  ),
  'dev.cdeventsx.shiplog-deployment.completed.0.1.0': event(
    'dev.cdeventsx.shiplog-deployment.completed.0.1.0',
    7,
    'deployment-production.app-12',
    { environment: { id: 'production' }, service: { id: 'app' }, artifact, outcome: 'success' },
  ),
  'dev.cdeventsx.shiplog-policy.violated.0.1.0': event(
    'dev.cdeventsx.shiplog-policy.violated.0.1.0',
    8,
    'violation-5',
    {
      rule: { code: 'STAGE_SKIPPED', message: 'deployed without a verification of this digest' },
      severity: 'high',
      offendingEventId: '271069a8-fc18-44f1-b38f-9d70a1695819',
      environment: { id: 'production' },
      artifact,
    },
  ),
  'dev.cdeventsx.shiplog-sbom.generated.0.1.0': event(
    'dev.cdeventsx.shiplog-sbom.generated.0.1.0',
    9,
    'sbom-app-1.4.0',
    {
      artifact,
      sbom: {
        digest: digest('d'),
        format: 'CycloneDX',
        specVersion: '1.6',
        location: 'oci://registry.example.com/app/sbom@sha256:dd',
        componentCount: 312,
      },
    },
  ),
  'dev.cdeventsx.shiplog-attestation.recorded.0.1.0': event(
    'dev.cdeventsx.shiplog-attestation.recorded.0.1.0',
    10,
    'attestation-app-1.4.0',
    {
      artifact,
      bundle: { digest: digest('e'), location: '/attestations/app-1.4.0.sigstore.json' },
      predicateType: 'https://slsa.dev/provenance/v1',
      signer: { identity: 'https://github.com/acme/app/.github/workflows/release.yml@refs/tags/v1.4.0' },
      transparencyLog: { logIndex: 123456, integratedTime: 1772359200 },
    },
  ),
  'dev.cdeventsx.shiplog-package.published.0.1.0': event(
    'dev.cdeventsx.shiplog-package.published.0.1.0',
    11,
    'publish-npm-app-1.4.0',
    {
      ecosystem: 'npm',
      registry: 'https://registry.npmjs.org/',
      package: { name: '@acme/app', version: '1.4.0' },
      artifact,
      alreadyPublished: false,
      receipt: { distTag: 'latest' },
    },
  ),
  'dev.cdeventsx.shiplog-exception.granted.0.1.0': event(
    'dev.cdeventsx.shiplog-exception.granted.0.1.0',
    15,
    'exception-a11y-1.4.0',
    {
      check: 'accessibility',
      artifact,
      environment: { id: 'staging' },
      approver: { id: 'alice@example.com', name: 'Alice' },
      reason: 'colour-contrast fix ships in 1.4.1 (A11Y-31)',
      expiresAt: '2026-04-01T00:00:00Z',
    },
  ),
  'dev.cdeventsx.shiplog-rolloutstep.started.0.1.0': event(
    'dev.cdeventsx.shiplog-rolloutstep.started.0.1.0',
    12,
    'rollout-production.app-1.4.0',
    {
      environment: { id: 'production' },
      service: { id: 'app' },
      artifact,
      strategy: 'canary',
      step: { index: 1, of: 3, weightPercent: 10, windowSeconds: 900 },
    },
  ),
  'dev.cdeventsx.shiplog-rolloutstep.finished.0.1.0': event(
    'dev.cdeventsx.shiplog-rolloutstep.finished.0.1.0',
    13,
    'rollout-production.app-1.4.0',
    {
      environment: { id: 'production' },
      service: { id: 'app' },
      artifact,
      strategy: 'canary',
      step: { index: 1, of: 3, weightPercent: 10, windowSeconds: 900 },
      outcome: 'fail',
      checks: [
        { name: 'error rate 15m', kind: 'error-rate', outcome: 'fail', observed: 0.12, threshold: 0.01 },
      ],
    },
  ),
  'dev.cdeventsx.shiplog-rollback.decided.0.1.0': event(
    'dev.cdeventsx.shiplog-rollback.decided.0.1.0',
    14,
    'rollback-production.app',
    {
      environment: { id: 'production' },
      service: { id: 'app' },
      from: artifact,
      to: { digest: digest('f'), purl: 'pkg:npm/%40acme/app@1.3.0' },
      reason: { code: 'DEPLOY_CHECK_FAILED', message: 'error rate 15m: 0.12 against 0.01' },
      triggeredBy: '00000000-0000-4000-8000-000000000013',
      deadline: '2026-03-05T10:30:00Z',
    },
  ),
  'dev.cdeventsx.shiplog-environment.snapshotted.0.1.0': event(
    'dev.cdeventsx.shiplog-environment.snapshotted.0.1.0',
    16,
    'production',
    {
      environment: { id: 'production' },
      complete: true,
      observed: [
        {
          service: 'app',
          digest: digest('a'),
          image: 'ghcr.io/acme/app@' + digest('a'),
          instances: 3,
          from: 'kubectl',
        },
      ],
    },
  ),
};
