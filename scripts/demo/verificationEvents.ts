// Stage 3, verification: one `verification.finished` per check the default gate policy asks for.
// Tests and the secret scan are what the demo ran on the artifact's bytes (artifactChecks.ts) when
// given; coverage, the vulnerability scan and the licence check are figures as a CI's tools report
// them (no coverage tool or vulnerability database runs here).
import { createCDEvent } from '@shiplog/events';
import type { CDEvent, VerificationKind, VerificationMeasurements } from '@shiplog/events';
import type { ArtifactCheckResult } from './artifactChecks.ts';
import { sources } from './demoStory.ts';

export interface VerifiedArtifact {
  readonly digest: string;
  readonly purl?: string;
  /** Short, unique among the artifacts verified: part of the event ids. */
  readonly label: string;
}

interface Check {
  readonly kind: VerificationKind;
  readonly outcome: 'pass' | 'fail';
  readonly tool: string;
  readonly measurements: VerificationMeasurements;
  readonly summary?: string;
}

function observedChecks(observed: ArtifactCheckResult | undefined): Check[] {
  if (observed === undefined) {
    return [
      { kind: 'tests', outcome: 'pass', tool: 'vitest', measurements: { testsPassed: 128, testsFailed: 0 } },
      { kind: 'secret-scan', outcome: 'pass', tool: 'gitleaks', measurements: { secretsFound: 0 } },
    ];
  }
  const failed = observed.tests.filter((t) => !t.passed);
  const secrets = observed.secretsFound.length;
  return [
    {
      kind: 'tests',
      outcome: failed.length === 0 ? 'pass' : 'fail',
      tool: 'shiplog-demo-checks',
      measurements: { testsPassed: observed.tests.length - failed.length, testsFailed: failed.length },
      summary: observed.tests.map((t) => `${t.passed ? 'ok' : 'FAILED'}: ${t.name}`).join('; '),
    },
    {
      kind: 'secret-scan',
      outcome: secrets === 0 ? 'pass' : 'fail',
      tool: 'shiplog-demo-checks',
      measurements: { secretsFound: secrets },
      ...(secrets === 0 ? {} : { summary: `secrets in ${observed.secretsFound.join(', ')}` }),
    },
  ];
}

/** The five checks of seeds 003/004, each at `at` plus a few milliseconds. */
export function verificationEvents(
  artifact: VerifiedArtifact,
  at: Date,
  run: string,
  observed?: ArtifactCheckResult,
): CDEvent[] {
  const ref = { digest: artifact.digest, ...(artifact.purl === undefined ? {} : { purl: artifact.purl }) };
  const [tests, secretScan] = observedChecks(observed);
  const checks: (Check | undefined)[] = [
    tests,
    { kind: 'coverage', outcome: 'pass', tool: 'c8', measurements: { coveragePercent: 91.4 } },
    {
      kind: 'vulnerability-scan',
      outcome: 'pass',
      tool: 'osv-scanner',
      measurements: { vulnerabilities: { critical: 0, high: 0, medium: 0, low: 1 } },
    },
    secretScan,
    { kind: 'licence-check', outcome: 'pass', tool: 'licensee', measurements: { licencesDenied: [] } },
  ];
  return checks
    .filter((check): check is Check => check !== undefined)
    .map((check, index) =>
      createCDEvent('dev.cdeventsx.shiplog-verification.finished.0.1.0', {
        id: `demo-${run}-${artifact.label}-${check.kind}`,
        source: sources.verification,
        timestamp: new Date(at.getTime() + index),
        subjectId: `${run}-${artifact.label}-${check.kind}`,
        content: {
          kind: check.kind,
          outcome: check.outcome,
          artifact: ref,
          tool: { name: check.tool },
          measurements: check.measurements,
          ...(check.summary === undefined ? {} : { summary: check.summary }),
        },
      }),
    );
}
