import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryBus, MemoryBroker } from '@shiplog/bus';
import type { Bus } from '@shiplog/bus';
import { defaultGatePolicy } from '@shiplog/ledger';
import { parseReleaseManifest } from '@shiplog/release';
import type { ReleaseManifest } from '@shiplog/release';
import { WorkerError, WorkerErrorCode } from '../errors.ts';
import { artifactsOnlyPolicy } from '@shiplog/ledger/testing/artifactsOnlyPolicy.ts';
import { parseGatePolicy } from '@shiplog/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workerJobQueues } from '../startWorker.ts';
import { createWorkerHarness, fixtureDir } from '../testing/workerHarness.ts';
import type { WorkerHarness } from '../testing/workerHarness.ts';
import { runRelease } from './runRelease.ts';

// The embedded default: `release run` runs the build, SBOM and sign workers itself. A worker that
// throws on every delivery (here: a signing key that is not a key) must end the run with the
// error, not leave it waiting for the build timeout.
let harness: WorkerHarness;
let dir: string;
let bus: Bus;

beforeAll(async () => {
  harness = await createWorkerHarness();
  dir = await mkdtemp(join(tmpdir(), 'shiplog-release-inprocess-'));
  await cp(join(fixtureDir, 'wasm'), join(dir, 'wasm'), { recursive: true });
  bus = createMemoryBus({ broker: new MemoryBroker(), topology: { jobQueues: workerJobQueues } });
  await bus.ensureTopology();
});

afterAll(async () => {
  await bus?.close();
  await harness?.dispose();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

const addRelease = (release: string): ReleaseManifest =>
  parseReleaseManifest({
    release,
    version: '1.0.0',
    packages: [
      {
        name: 'add',
        ecosystem: 'oci-wasm',
        build: { source: 'wasm', command: ['wat2wasm', 'add.wat', '-o', 'add.wasm'], outputs: ['add.wasm'] },
        registry: {
          url: 'http://127.0.0.1:9',
          repository: 'acme/add',
          credentials: { from: 'env', variable: 'OCI' },
        },
      },
    ],
  });

describe('a release run and its workspace (SHIPLOG_WORKSPACE)', () => {
  it('records the manifest directory relative to the workspace, and the workers build from there', async () => {
    await mkdir(join(dir, 'checkouts', 'repo'), { recursive: true });
    await cp(join(fixtureDir, 'wasm'), join(dir, 'checkouts', 'repo', 'wasm'), { recursive: true });
    const report = await runRelease({
      manifest: addRelease('in-workspace'),
      manifestPath: join(dir, 'checkouts', 'repo', 'shiplog-release.json'),
      workspace: join(dir, 'checkouts'),
      ctx: harness.context(bus, 'release-cli', '/nonexistent-ignored'),
      access: { credential: () => Promise.resolve('unused') },
      policy: parseGatePolicy(artifactsOnlyPolicy('workspace')),
      dryRun: true,
      inProcessWorkers: true,
      buildTimeoutMs: 60_000,
    });
    expect(report.gate?.decision).toBe('allow');
    const started = await harness.store.readEvent('in-workspace@1.0.0.run.1.started');
    expect(
      (JSON.parse(started?.data ?? '{}') as { customData: { checkout: string } }).customData.checkout,
    ).toBe('repo');
  }, 60_000);

  it('refuses a manifest outside the workspace (MANIFEST_OUTSIDE_WORKSPACE) and records nothing', async () => {
    const run = runRelease({
      manifest: addRelease('outside'),
      manifestPath: join(dir, 'shiplog-release.json'),
      workspace: join(dir, 'checkouts'),
      ctx: harness.context(bus, 'release-cli'),
      access: { credential: () => Promise.resolve('unused') },
      policy: defaultGatePolicy,
      inProcessWorkers: true,
    });
    await expect(run).rejects.toSatisfy(
      (err) => err instanceof WorkerError && err.code === WorkerErrorCode.ManifestOutsideWorkspace,
    );
    expect(await harness.store.readEvent('outside@1.0.0.run.1.started')).toBeUndefined();
  });
});

describe('a release run with in-process workers', () => {
  it('fails fast, naming the package, when signing throws', async () => {
    const manifest = parseReleaseManifest({
      release: 'broken-signing',
      version: '1.0.0',
      packages: [
        {
          name: 'add',
          ecosystem: 'oci-wasm',
          build: {
            source: 'wasm',
            command: ['wat2wasm', 'add.wat', '-o', 'add.wasm'],
            outputs: ['add.wasm'],
          },
          registry: {
            url: 'http://127.0.0.1:9',
            repository: 'acme/add',
            credentials: { from: 'env', variable: 'OCI' },
          },
        },
      ],
    });
    const ctx = harness.context(bus, 'release-cli');
    const report = await runRelease({
      manifest,
      manifestPath: join(dir, 'shiplog-release.json'),
      ctx: { ...ctx, signing: { kind: 'key', privateKey: 'not a PEM key', keyHint: 'broken' } },
      access: { credential: () => Promise.resolve('unused') },
      policy: defaultGatePolicy,
      inProcessWorkers: true,
      buildTimeoutMs: 10 * 60_000,
    });
    expect(report.status).toBe('failed');
    expect(report.error?.code).not.toBe('BUILD_TIMEOUT');
    expect(report.error?.message).toMatch(/^add: /);
    expect(report.gate).toBeUndefined();
    expect(await harness.store.readEvent(report.summaryEventId)).toBeDefined();
  }, 60_000);
});
