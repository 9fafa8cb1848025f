import { createHash } from 'node:crypto';
import { verifyAttestation } from '@shiplog/attest';
import type { Bus, Consumption } from '@shiplog/bus';
import { createMemoryBus, MemoryBroker } from '@shiplog/bus';
import { defaultGatePolicy, parseGatePolicy } from '@shiplog/ledger';
import { decideReleaseGate, findReleaseArtifacts, readReleaseManifest } from '@shiplog/release';
import type { ReleaseManifest } from '@shiplog/release';
import { validateSbom } from '@shiplog/sbom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArtifactStore } from './artifactStore.ts';
import { createLocalArtifactStore } from './artifactStore.ts';
import { runRelease } from './release/runRelease.ts';
import { startWorker, workerJobQueues } from './startWorker.ts';
import { createWorkerHarness, fixtureDir, fixtureManifest } from './testing/workerHarness.ts';
import type { WorkerHarness } from './testing/workerHarness.ts';
import { join } from 'node:path';
import { artifactsOnlyPolicy } from '@shiplog/ledger/testing/artifactsOnlyPolicy.ts';

interface Packaged {
  subject: { id: string };
  customData: { package: string; fileName: string; sha512: string; runner: string; platform: string };
}

let harness: WorkerHarness;
let manifest: ReleaseManifest;
let bus: Bus;
let artifacts: ArtifactStore;
const consumptions: Consumption[] = [];
const ARTIFACT_COUNT = 8; // 2 crates, wheel + sdist, 3 npm tarballs, 1 wasm module

const digestOf = (purl: string): string => /checksum=(sha256:[0-9a-f]{64})/.exec(purl)?.[1] ?? '';

async function packaged(): Promise<Packaged[]> {
  const records = await harness.events('dev.cdevents.artifact.packaged.0.3.0');
  return records.map((r) => JSON.parse(r.data) as Packaged);
}

beforeAll(async () => {
  harness = await createWorkerHarness();
  manifest = await readReleaseManifest(fixtureManifest);
  artifacts = createLocalArtifactStore(join(harness.dir, 'artifacts'));
  // The embedded mode: one in-process broker shared by every worker, as `shiplog dev` runs them.
  bus = createMemoryBus({ broker: new MemoryBroker(), topology: { jobQueues: workerJobQueues } });
  await bus.ensureTopology();
  // Every worker's workspace is the fixture checkout (the run records the manifest's directory as `.`).
  const at = (runner: string) => harness.context(bus, runner, fixtureDir);
  consumptions.push(
    await startWorker('build', at('runner-linux'), { platforms: ['any', 'linux-x64'] }),
    await startWorker('build', at('runner-mac'), { platforms: ['darwin-arm64'] }),
    await startWorker('sbom', at('sbom-1')),
    await startWorker('sign', at('sign-1')),
  );
  // The release runner issues the build jobs, then each file's SBOM and sign jobs once it is built;
  // the default policy wants test evidence too, so it stops at the gate and publishes nothing.
  const report = await runRelease({
    manifest,
    manifestPath: fixtureManifest,
    ctx: at('release'),
    access: { credential: () => Promise.reject(new Error('nothing is published here')) },
    policy: defaultGatePolicy,
    inProcessWorkers: false,
    buildTimeoutMs: 280_000,
  });
  expect(report.status).toBe('denied');
}, 300_000);

afterAll(async () => {
  await Promise.allSettled(consumptions.map((c) => c.stop()));
  await bus?.close();
  await harness?.dispose();
});

describe('the release workers on the fixture project (embedded mode)', () => {
  it('builds every output of every package once and stores it by sha256 and sha512', async () => {
    const events = await packaged();
    expect(events.map((e) => e.customData.fileName).sort()).toEqual([
      'add.wasm',
      'shiplog-fixture-1.2.0.tar.gz',
      'shiplog-fixture-calc-1.2.0.crate',
      'shiplog-fixture-core-1.2.0.crate',
      'shiplog-fixture-native-1.2.0.tgz',
      'shiplog-fixture-native-darwin-arm64-1.2.0.tgz',
      'shiplog-fixture-native-linux-x64-1.2.0.tgz',
      'shiplog_fixture-1.2.0-py3-none-any.whl',
    ]);
    for (const event of events) {
      const bytes = await artifacts.get(digestOf(event.subject.id));
      expect(`sha512:${createHash('sha512').update(bytes).digest('hex')}`).toBe(event.customData.sha512);
    }
  });

  it('gives each build job to a runner of its platform', async () => {
    const runnerOf = new Map((await packaged()).map((e) => [e.customData.fileName, e.customData.runner]));
    expect(runnerOf.get('shiplog-fixture-native-darwin-arm64-1.2.0.tgz')).toBe('runner-mac');
    expect(runnerOf.get('shiplog-fixture-native-linux-x64-1.2.0.tgz')).toBe('runner-linux');
    expect(runnerOf.get('shiplog-fixture-core-1.2.0.crate')).toBe('runner-linux');
  });

  it('records a schema-valid CycloneDX 1.6 SBOM per artifact listing what it declares', async () => {
    const generated = await harness.events('dev.cdeventsx.shiplog-sbom.generated.0.1.0');
    const declared = new Map<string, string[]>();
    for (const record of generated) {
      const content = (
        JSON.parse(record.data) as {
          subject: { content: { artifact: { purl: string }; sbom: { digest: string } } };
        }
      ).subject.content;
      const json = new TextDecoder().decode(await artifacts.get(content.sbom.digest));
      await validateSbom(json);
      const doc = JSON.parse(json) as {
        metadata: { component: { name: string; hashes: { alg: string; content: string }[] } };
        components?: { name: string; version?: string; scope?: string }[];
      };
      expect(doc.metadata.component.hashes.find((h) => h.alg === 'SHA-256')?.content).toBe(
        digestOf(content.artifact.purl).slice('sha256:'.length),
      );
      const file = content.artifact.purl.includes('file_name=')
        ? /file_name=([^&]+)/.exec(content.artifact.purl)?.[1]
        : undefined;
      const key = `${doc.metadata.component.name}${file === undefined ? '' : ` ${decodeURIComponent(file)}`}`;
      declared.set(
        key,
        (doc.components ?? []).map((c) => `${c.name}@${c.version ?? '*'}:${c.scope ?? ''}`).sort(),
      );
    }
    expect(Object.fromEntries(declared)).toEqual({
      'shiplog-fixture-core': [],
      'shiplog-fixture-calc': ['shiplog-fixture-core@1.2.0:required'],
      'shiplog-fixture shiplog_fixture-1.2.0-py3-none-any.whl': [
        'attrs@*:required',
        'click@*:optional',
        'packaging@*:required',
      ],
      'shiplog-fixture shiplog-fixture-1.2.0.tar.gz': [
        'attrs@*:required',
        'click@*:optional',
        'packaging@*:required',
      ],
      '@shiplog-fixture/native': [
        '@shiplog-fixture/native-darwin-arm64@1.2.0:optional',
        '@shiplog-fixture/native-linux-x64@1.2.0:optional',
        'detect-libc@*:required',
      ],
      '@shiplog-fixture/native-linux-x64': [],
      '@shiplog-fixture/native-darwin-arm64': [],
      'shiplog-fixture-add': ['wasi_snapshot_preview1@*:required'],
    });
  });

  it('signs every artifact: each bundle verifies and its subject digests are the artifact digests', async () => {
    const recorded = await harness.events('dev.cdeventsx.shiplog-attestation.recorded.0.1.0');
    expect(recorded).toHaveLength(ARTIFACT_COUNT);
    for (const record of recorded) {
      const content = (
        JSON.parse(record.data) as {
          subject: { content: { artifact: { digest: string }; bundle: { digest: string } } };
        }
      ).subject.content;
      const bytes = await artifacts.get(content.artifact.digest);
      const bundle = new TextDecoder().decode(await artifacts.get(content.bundle.digest));
      const verified = verifyAttestation(bundle, bytes, { publicKeys: harness.publicKeys });
      const subject = verified.statement.subject[0];
      expect(`sha256:${subject?.digest['sha256'] ?? ''}`).toBe(content.artifact.digest);
      expect(subject?.digest['sha512']).toBe(createHash('sha512').update(bytes).digest('hex'));
      expect(verified.signer.keyHint).toBe('fixture-release-key');
    }
  });

  it('passes the release gate on what the workers recorded: built, SBOM, signed', async () => {
    const artifactsOnly = parseGatePolicy(artifactsOnlyPolicy('release-artifacts'));
    const decidedBefore = (await harness.events('dev.cdeventsx.shiplog-gate.decided.0.1.0')).length;
    const ctx = harness.context(bus, 'gate-1');
    // The one gate engine the release runner decides by, on the artifacts the ledger knows.
    const artifacts = await findReleaseArtifacts(harness.store, manifest);
    const decide = (policy: typeof artifactsOnly, decisionId: string) =>
      decideReleaseGate({
        store: harness.store,
        policy,
        manifest,
        artifacts,
        record: { recorder: ctx.recorder, source: '/shiplog/release', now: ctx.now, decisionId },
      });
    const allowed = await decide(artifactsOnly, 'gate-artifacts');
    expect(allowed.decision).toBe('allow');
    expect(allowed.artifacts).toHaveLength(ARTIFACT_COUNT);

    // The default policy also wants verification evidence, which no worker here produced.
    const denied = await decide(defaultGatePolicy, 'gate-default');
    expect(denied.decision).toBe('deny');
    const codes = new Set(denied.artifacts.flatMap((a) => a.reasons.map((r) => r.code)));
    expect(codes).toContain('TESTS_MISSING');
    for (const code of ['ARTIFACT_NOT_BUILT', 'SBOM_MISSING', 'SIGNATURE_MISSING'])
      expect(codes).not.toContain(code);
    const decided = await harness.events('dev.cdeventsx.shiplog-gate.decided.0.1.0');
    expect(decided).toHaveLength(decidedBefore + 2 * ARTIFACT_COUNT);
  });
});
