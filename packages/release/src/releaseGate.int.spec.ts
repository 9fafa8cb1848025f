import { createHash } from 'node:crypto';
import {
  createShiplogEvent,
  verificationFinishedType,
  sbomGeneratedType,
  attestationRecordedType,
} from '@shiplog/events';
import type { VerificationKind, VerificationMeasurements, VerificationOutcome } from '@shiplog/events';
import { createRecorder, defaultGatePolicy, GateReasonCode } from '@shiplog/ledger';
import type { Recorder } from '@shiplog/ledger';
import { openStore } from '@shiplog/store';
import type { EventStore } from '@shiplog/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { packagePurl } from './packagePurl.ts';
import { parseReleaseManifest } from './parseReleaseManifest.ts';
import { findReleaseArtifacts } from './releaseArtifacts.ts';
import { decideReleaseGate } from './releaseGate.ts';

const manifest = parseReleaseManifest({
  release: 'demo',
  version: '1.2.0',
  packages: ['core', 'calc'].map((name) => ({
    name,
    ecosystem: 'cargo',
    build: { source: 'crates', command: ['cargo', 'package'], outputs: [`${name}.crate`] },
    registry: { url: 'https://crates.io', credentials: { from: 'env', variable: 'CARGO_REGISTRY_TOKEN' } },
  })),
});

const digestOf = (name: string) => `sha256:${createHash('sha256').update(name).digest('hex')}`;
const at = '2026-11-21T10:00:00Z';

let store: EventStore;
let recorder: Recorder;
beforeEach(async () => {
  store = await openStore('sqlite::memory:');
  // As in a release run: the workers record the builds, SBOMs and signatures the gate counts.
  recorder = createRecorder({ store, producer: 'shiplog-workers' });
});
afterEach(async () => {
  await store?.close();
});

async function record(value: unknown): Promise<void> {
  const answer = await recorder.record({ value });
  expect(answer.status).toBe('recorded');
}

type Evidence = 'sbom' | 'signature' | VerificationKind;
const allEvidence: readonly Evidence[] = [
  'sbom',
  'signature',
  'tests',
  'coverage',
  'vulnerability-scan',
  'secret-scan',
  'licence-check',
];

const passing: Partial<Record<VerificationKind, VerificationMeasurements>> = {
  tests: { testsPassed: 12, testsFailed: 0 },
  coverage: { coveragePercent: 91.5 },
  'vulnerability-scan': { vulnerabilities: { critical: 0, high: 0, medium: 1, low: 3 } },
  'secret-scan': { secretsFound: 0 },
  'licence-check': { licencesDenied: [] },
};

/** Records a built artifact of `name` with the evidence listed, optionally overriding one check. */
async function built(
  name: string,
  evidence: readonly Evidence[] = allEvidence,
  override?: { kind: VerificationKind; outcome: VerificationOutcome; measurements: VerificationMeasurements },
): Promise<void> {
  const digest = digestOf(name);
  const purl = packagePurl({ ecosystem: 'cargo', name }, '1.2.0', { digest });
  const artifact = { digest, purl };
  await record({
    context: {
      specversion: '0.5.1',
      id: `${name}-packaged`,
      source: '/ci',
      type: 'dev.cdevents.artifact.packaged.0.3.0',
      timestamp: at,
    },
    subject: { id: purl, content: { change: { id: 'release-demo' } } },
  });
  for (const kind of evidence) {
    const base = { id: `${name}-${kind}`, source: '/ci', timestamp: at, subjectId: `${name}-${kind}` };
    if (kind === 'sbom') {
      const sbom = {
        digest: digestOf(`${name}-sbom`),
        format: 'CycloneDX',
        specVersion: '1.6',
        location: 'file:///sbom',
        componentCount: 1,
      } as const;
      await record(createShiplogEvent(sbomGeneratedType, { ...base, content: { artifact, sbom } }));
    } else if (kind === 'signature') {
      await record(
        createShiplogEvent(attestationRecordedType, {
          ...base,
          content: {
            artifact,
            bundle: { digest: digestOf(`${name}-bundle`) },
            predicateType: 'https://slsa.dev/provenance/v1',
            signer: { keyHint: 'release-key' },
          },
        }),
      );
    } else {
      const chosen =
        override?.kind === kind ? override : { outcome: 'pass' as const, measurements: passing[kind] ?? {} };
      await record(
        createShiplogEvent(verificationFinishedType, {
          ...base,
          content: { kind, outcome: chosen.outcome, artifact, measurements: chosen.measurements },
        }),
      );
    }
  }
}

async function decide() {
  const artifacts = await findReleaseArtifacts(store, manifest);
  return decideReleaseGate({
    store,
    policy: defaultGatePolicy,
    manifest,
    artifacts,
    record: { recorder, source: '/shiplog/workers/gate', now: () => new Date(at), decisionId: 'gate-job-1' },
  });
}

async function deniedFor(
  evidence: readonly Evidence[],
  override?: Parameters<typeof built>[2],
): Promise<string[]> {
  await built('core');
  await built('calc', evidence, override);
  const decision = await decide();
  expect(decision.decision).toBe('deny');
  expect(decision.artifacts.find((a) => a.package === 'core')?.decision).toBe('allow');
  return [...(decision.artifacts.find((a) => a.package === 'calc')?.reasons.map((r) => r.code) ?? [])];
}

const without = (e: Evidence) => allEvidence.filter((x) => x !== e);

describe('the release gate (one engine: evaluateGate at stage release)', () => {
  it('allows when every artifact is built, has an SBOM, is signed and passes verification', async () => {
    await built('core');
    await built('calc');
    const decision = await decide();
    expect(decision.decision).toBe('allow');
    expect(decision.artifacts.map((a) => a.decision)).toEqual(['allow', 'allow']);
    expect(decision.policy.id).toBe(defaultGatePolicy.id);
  });

  it('records each decision as gate.decided with its reasons and evidence, once per job', async () => {
    await built('core', without('sbom'));
    await built('calc');
    const first = await decide();
    const again = await decide();
    expect(again.artifacts.map((a) => a.gateId)).toEqual(first.artifacts.map((a) => a.gateId));
    const gateId = first.artifacts.find((a) => a.package === 'core')?.gateId ?? '';
    const recorded = await store.readEvent(gateId);
    const content = (JSON.parse(recorded?.data ?? '{}') as { subject: { content: Record<string, unknown> } })
      .subject.content;
    expect(content['decision']).toBe('deny');
    expect(content['reasons']).toEqual([expect.objectContaining({ code: GateReasonCode.SbomMissing })]);
    expect((content['evidence'] as unknown[]).length).toBeGreaterThan(0);
    let decisions = 0;
    for await (const r of store.readAll())
      if (r.type === 'dev.cdeventsx.shiplog-gate.decided.0.1.0') decisions++;
    expect(decisions).toBe(2);
  });

  it('denies a package that was never built', async () => {
    await built('core');
    const decision = await decide();
    expect(decision.decision).toBe('deny');
    expect(decision.artifacts.find((a) => a.package === 'calc')?.reasons.map((r) => r.code)).toEqual([
      GateReasonCode.ArtifactNotBuilt,
    ]);
  });

  it('denies for a missing SBOM', async () => {
    expect(await deniedFor(without('sbom'))).toEqual([GateReasonCode.SbomMissing]);
  });

  it('denies for a missing signature', async () => {
    expect(await deniedFor(without('signature'))).toEqual([GateReasonCode.SignatureMissing]);
  });

  it('denies for failing tests', async () => {
    const codes = await deniedFor(allEvidence, {
      kind: 'tests',
      outcome: 'fail',
      measurements: { testsPassed: 11, testsFailed: 1 },
    });
    expect(codes).toEqual([GateReasonCode.TestsFailing]);
  });

  it('denies for coverage under the threshold', async () => {
    const codes = await deniedFor(allEvidence, {
      kind: 'coverage',
      outcome: 'pass',
      measurements: { coveragePercent: 62 },
    });
    expect(codes).toEqual([GateReasonCode.CoverageBelowMin]);
  });

  it('denies for a critical vulnerability', async () => {
    const vulnerabilities = { critical: 1, high: 0, medium: 0, low: 0 };
    const codes = await deniedFor(allEvidence, {
      kind: 'vulnerability-scan',
      outcome: 'fail',
      measurements: { vulnerabilities },
    });
    expect(codes).toEqual([GateReasonCode.VulnerabilityCritical]);
  });

  it('denies for a secret found', async () => {
    const codes = await deniedFor(allEvidence, {
      kind: 'secret-scan',
      outcome: 'fail',
      measurements: { secretsFound: 2 },
    });
    expect(codes).toEqual([GateReasonCode.SecretFound]);
  });
});
