import { hash } from 'node:crypto';
import { parseCDEvent } from '@shiplog/events';
import type { CDEvent } from '@shiplog/events';
import { ProducerIdentity } from '../../producerIdentity.ts';
import type { GateEvidence } from '../gateTypes.ts';

type Content = Record<string, unknown>;

/**
 * CDEvents about one artifact for gate tests: each call makes one valid event with a new id and a
 * later timestamp. `evidence()` turns events into gate evidence in the order given.
 */
export function gateEventFixture(options: { readonly name?: string; readonly digestSeed?: number } = {}) {
  const name = options.name ?? 'checkout';
  const digest = `sha256:${(options.digestSeed ?? 0xc0ffee).toString(16).padStart(64, '0')}`;
  const purl = `pkg:oci/${name}@${digest}?tag=1.4.0`;
  const artifact = { digest, purl };
  let counter = 0;

  function event(type: string, subjectId: string, content: Content, source = '/ci/gate-fixture'): CDEvent {
    counter += 1;
    const value = {
      context: {
        specversion: '0.5.1',
        id: `${name}-${digest.slice(-6)}-${counter}`,
        source,
        type,
        timestamp: new Date(Date.UTC(2026, 1, 1, 9, counter)).toISOString(),
      },
      subject: { id: subjectId, content },
    };
    const parsed = parseCDEvent(value);
    if (!parsed.ok) throw new Error(`fixture ${type} is invalid: ${JSON.stringify(parsed.problems)}`);
    return parsed.event;
  }
  const verification = (kind: string, outcome: string, measurements?: Content) =>
    event('dev.cdeventsx.shiplog-verification.finished.0.1.0', `${kind}-${counter + 1}`, {
      kind,
      outcome,
      artifact,
      ...(measurements === undefined ? {} : { measurements }),
    });
  const approval = (granted: boolean, approver = 'alice', environment = 'production') =>
    event(
      `dev.cdeventsx.shiplog-approval.${granted ? 'granted' : 'rejected'}.0.1.0`,
      `approval-${counter + 1}`,
      {
        approver: { id: approver },
        environment: { id: environment },
        artifact,
      },
    );

  return {
    name,
    digest,
    purl,
    packaged: (sbomUri?: string) =>
      event('dev.cdevents.artifact.packaged.0.3.0', purl, {
        change: { id: 'PR-7' },
        ...(sbomUri === undefined ? {} : { sbom: { uri: sbomUri } }),
      }),
    /** A build that says shiplog's build worker ran it (its source is under `/shiplog/workers/`). */
    workerPackaged: () =>
      event(
        'dev.cdevents.artifact.packaged.0.3.0',
        purl,
        { change: { id: 'PR-7' } },
        '/shiplog/workers/build',
      ),
    tests: (outcome = 'pass', failed = 0, coveragePercent?: number) =>
      verification('tests', outcome, {
        testsPassed: 120,
        testsFailed: failed,
        ...(coveragePercent === undefined ? {} : { coveragePercent }),
      }),
    coverage: (percent?: number, outcome = 'pass') =>
      verification('coverage', outcome, percent === undefined ? undefined : { coveragePercent: percent }),
    vulnerabilityScan: (critical = 0, high = 0, outcome = critical + high > 0 ? 'fail' : 'pass') =>
      verification('vulnerability-scan', outcome, { vulnerabilities: { critical, high, medium: 3, low: 9 } }),
    secretScan: (secretsFound = 0) =>
      verification('secret-scan', secretsFound > 0 ? 'fail' : 'pass', { secretsFound }),
    licenceCheck: (denied: string[] = []) =>
      verification('licence-check', denied.length > 0 ? 'fail' : 'pass', { licencesDenied: denied }),
    lint: (lintErrors = 0) => verification('lint', lintErrors > 0 ? 'fail' : 'pass', { lintErrors }),
    typecheck: (typeErrors = 0) =>
      verification('typecheck', typeErrors > 0 ? 'fail' : 'pass', { typeErrors }),
    benchmark: (p95Ms: number, outcome = 'pass', baselineP95Ms?: number) =>
      verification('benchmark', outcome, {
        benchmark: {
          name: 'checkout-load',
          p95Ms,
          ...(baselineP95Ms === undefined ? {} : { baselineP95Ms }),
        },
      }),
    accessibility: (wcagViolations = 0, lighthouseScore?: number, outcome = 'pass') =>
      verification('accessibility', outcome, {
        wcagViolations,
        ...(lighthouseScore === undefined ? {} : { lighthouseScore }),
      }),
    contract: (contractViolations = 0) =>
      verification('contract', contractViolations > 0 ? 'fail' : 'pass', { contractViolations }),
    e2e: (testsFailed = 0) =>
      verification('e2e', testsFailed > 0 ? 'fail' : 'pass', { testsPassed: 40, testsFailed }),
    /** An approver's exception: these bytes may pass `check` until `expiresAt`. */
    exception: (
      check: string,
      expiresAt: string,
      options: { readonly environment?: string; readonly approver?: string; readonly bytes?: object } = {},
    ) =>
      event('dev.cdeventsx.shiplog-exception.granted.0.1.0', `exception-${counter + 1}`, {
        check,
        artifact: options.bytes ?? artifact,
        ...(options.environment === undefined ? {} : { environment: { id: options.environment } }),
        approver: { id: options.approver ?? 'carol' },
        reason: 'fix scheduled in the next release',
        expiresAt,
      }),
    scanErrored: (kind: string) => verification(kind, 'error'),
    scanFailedWithoutCounts: (kind: string) => verification(kind, 'fail'),
    sbom: () =>
      event('dev.cdeventsx.shiplog-sbom.generated.0.1.0', `sbom-${counter + 1}`, {
        artifact,
        sbom: {
          digest: `sha256:${'5'.repeat(64)}`,
          format: 'CycloneDX',
          specVersion: '1.6',
          location: `https://sbom.example/${name}.cdx.json`,
          componentCount: 42,
        },
      }),
    signed: () => event('dev.cdevents.artifact.signed.0.3.0', purl, { signature: 'MEUCIQDsig' }),
    attested: () =>
      event('dev.cdeventsx.shiplog-attestation.recorded.0.1.0', `attestation-${counter + 1}`, {
        artifact,
        bundle: { digest: `sha256:${'6'.repeat(64)}` },
        predicateType: 'https://slsa.dev/provenance/v1',
        signer: { keyHint: 'release-key' },
      }),
    approved: (approver = 'alice', environment = 'production') => approval(true, approver, environment),
    rejected: (approver = 'bob', environment = 'production') => approval(false, approver, environment),
    deployed: (environment = 'staging', bytes = purl) =>
      event('dev.cdevents.service.deployed.0.3.0', name, {
        environment: { id: environment },
        artifactId: bytes,
      }),
    postDeployVerified: (environment = 'staging', outcome = 'pass') =>
      event(
        'dev.cdeventsx.shiplog-deployment.verified.0.1.0',
        `${name}-${environment}-checks-${counter + 1}`,
        {
          environment: { id: environment },
          service: { id: name },
          artifact,
          outcome,
          checks: [{ name: 'health', kind: 'health', outcome }],
        },
      ),
  };
}

export type GateEventFixture = ReturnType<typeof gateEventFixture>;

const workerTypes = new Set([
  'dev.cdeventsx.shiplog-sbom.generated.0.1.0',
  'dev.cdevents.artifact.signed.0.3.0',
  'dev.cdeventsx.shiplog-attestation.recorded.0.1.0',
]);

/** Who sends what in a healthy pipeline: shiplog's workers the SBOMs and signatures, CI the rest. */
export function pipelineProducer(event: CDEvent): string {
  const fromWorkers =
    workerTypes.has(event.context.type) || event.context.source.startsWith('/shiplog/workers/');
  return fromWorkers ? ProducerIdentity.Workers : 'api:ci';
}

/**
 * Events as gate evidence, positioned in the order given, with stand-in record hashes, each sent
 * by `producerOf(event)` (default: `pipelineProducer`).
 */
export function asEvidence(
  events: readonly CDEvent[],
  producerOf: (event: CDEvent) => string = pipelineProducer,
): GateEvidence[] {
  return events.map((event, i) => ({
    event,
    hash: hash('sha256', event.context.id, 'hex'),
    position: i + 1,
    producer: producerOf(event),
  }));
}

/** Everything the default policy asks for production: built, verified, scanned, signed, approved, staged. */
export function passingEvents(f: GateEventFixture) {
  return {
    packaged: f.packaged(),
    tests: f.tests('pass', 0),
    coverage: f.coverage(91.5),
    vulnerabilityScan: f.vulnerabilityScan(0, 0),
    secretScan: f.secretScan(0),
    licenceCheck: f.licenceCheck([]),
    sbom: f.sbom(),
    attested: f.attested(),
    deployed: f.deployed('staging'),
    postDeployVerified: f.postDeployVerified('staging'),
    approved: f.approved('alice', 'production'),
  };
}
export type PassingEvents = ReturnType<typeof passingEvents>;

/** Seed 004's further checks, all passing: lint, types, p95, accessibility, contract, E2E. */
export function passingQualityEvents(f: GateEventFixture) {
  return {
    lint: f.lint(0),
    typecheck: f.typecheck(0),
    benchmark: f.benchmark(180),
    accessibility: f.accessibility(0, 97),
    contract: f.contract(0),
    e2e: f.e2e(0),
  };
}
export type PassingQualityEvents = ReturnType<typeof passingQualityEvents>;
