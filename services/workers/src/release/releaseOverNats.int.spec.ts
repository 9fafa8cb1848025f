import { cp, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bus, Consumption } from '@shiplog/bus';
import { createNatsBus } from '@shiplog/bus';
import { defaultGatePolicy } from '@shiplog/ledger';
import { parseReleaseManifest } from '@shiplog/release';
import type { ReleaseManifest } from '@shiplog/release';
import { startNatsServer } from '@shiplog/test/nats/natsServer.ts';
import type { NatsServer } from '@shiplog/test/nats/natsServer.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorker, workerJobQueues } from '../startWorker.ts';
import { createWorkerHarness, fixtureDir } from '../testing/workerHarness.ts';
import type { WorkerHarness } from '../testing/workerHarness.ts';
import { runRelease } from './runRelease.ts';

// `release run` with SHIPLOG_NATS_URL set: the command only enqueues and watches the ledger; the
// build, SBOM and sign workers on NATS (here in this process, on their own connection) do the work.
let server: NatsServer;
let harness: WorkerHarness;
let dir: string;
let workerBus: Bus;
let releaseBus: Bus;
const consumptions: Consumption[] = [];

const natsBus = async (name: string): Promise<Bus> => {
  const bus = await createNatsBus({ servers: server.url, name, topology: { jobQueues: workerJobQueues } });
  await bus.ensureTopology();
  return bus;
};

const wasmPackage = (name: string, command: string[]) => ({
  name,
  ecosystem: 'oci-wasm',
  build: { source: 'wasm', command, outputs: ['add.wasm'] },
  registry: {
    url: 'http://127.0.0.1:9',
    repository: `acme/${name}`,
    credentials: { from: 'env', variable: 'OCI' },
  },
});

const manifestOf = (version: string, packages: unknown[]): ReleaseManifest =>
  parseReleaseManifest({ release: 'nats-release', version, packages });

/** `release run` as the command does it with SHIPLOG_NATS_URL set: enqueue, then watch the ledger. */
const runOverNats = (manifest: ReleaseManifest) =>
  runRelease({
    manifest,
    manifestPath: join(dir, 'shiplog-release.json'),
    ctx: harness.context(releaseBus, 'release-cli'),
    access: { credential: () => Promise.resolve('unused') },
    policy: defaultGatePolicy,
    inProcessWorkers: false,
    buildTimeoutMs: 60_000,
  });

beforeAll(async () => {
  server = await startNatsServer({ jetstream: true });
  harness = await createWorkerHarness();
  dir = await mkdtemp(join(tmpdir(), 'shiplog-release-nats-'));
  await cp(join(fixtureDir, 'wasm'), join(dir, 'wasm'), { recursive: true });
  workerBus = await natsBus('workers');
  releaseBus = await natsBus('release');
  // The workers' workspace holds the checkout; the run records the manifest's directory as `.`.
  const ctx = harness.context(workerBus, 'nats-runner', dir);
  consumptions.push(
    await startWorker('build', ctx),
    await startWorker('sbom', ctx),
    await startWorker('sign', ctx),
  );
}, 60_000);

afterAll(async () => {
  await Promise.allSettled(consumptions.map((c) => c.stop()));
  await Promise.allSettled([workerBus?.close(), releaseBus?.close()]);
  await harness?.dispose();
  await server?.stop();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('a release run whose workers are on NATS', () => {
  it('waits for the NATS workers to build, SBOM and sign, then records the gate', async () => {
    const manifest = manifestOf('1.0.0', [wasmPackage('add', ['wat2wasm', 'add.wat', '-o', 'add.wasm'])]);
    const report = await runOverNats(manifest);
    // Built, SBOM'd and signed by the NATS runner; the default policy still wants test evidence.
    expect(report.status).toBe('denied');
    const reasons = report.gate?.artifacts.flatMap((a) => a.reasons.map((r) => r.code)) ?? [];
    expect(reasons).toContain('TESTS_MISSING');
    for (const code of ['ARTIFACT_NOT_BUILT', 'SBOM_MISSING', 'SIGNATURE_MISSING'])
      expect(reasons).not.toContain(code);
    const packaged = await harness.events('dev.cdevents.artifact.packaged.0.3.0');
    const runners = packaged.map(
      (r) => (JSON.parse(r.data) as { customData: { runner: string } }).customData.runner,
    );
    expect(runners).toEqual(['nats-runner']);
    expect(report.packages.map((p) => p.status)).toEqual(['not-attempted']);
  }, 90_000);

  it('has the NATS build worker refuse a forged job: no command run, nothing recorded', async () => {
    const mark = join(dir, 'forged-command-ran');
    const attacker = await natsBus('attacker');
    const before = (await workerBus.readRejected()).length;
    const recordsBefore = (await harness.events('dev.cdevents.artifact.packaged.0.3.0')).length;
    try {
      // The old job shape: its own command line and an absolute directory.
      const forged = {
        jobId: 'nats-release@9.0.0.add',
        release: 'nats-release',
        version: '9.0.0',
        requestedAt: new Date().toISOString(),
        manifestDir: '/',
        package: manifestOf('9.0.0', [wasmPackage('add', ['sh', '-c', `touch ${mark}`])]).packages[0],
      };
      await attacker.enqueueJob('build', new TextEncoder().encode(JSON.stringify(forged)), {
        msgId: 'forged-1',
      });
      // The new shape, naming a release run nobody recorded.
      const unrecorded = {
        jobId: 'nats-release@9.0.1.add',
        release: 'nats-release',
        version: '9.0.1',
        requestedAt: new Date().toISOString(),
        run: 1,
        package: 'add',
        entryDigest: `sha256:${'0'.repeat(64)}`,
      };
      await attacker.enqueueJob('build', new TextEncoder().encode(JSON.stringify(unrecorded)), {
        msgId: 'forged-2',
      });
      await harness.until(
        'both jobs rejected',
        async () => (await workerBus.readRejected()).length >= before + 2,
        30_000,
      );
    } finally {
      await attacker.close();
    }
    const reasons = (await workerBus.readRejected()).slice(before).map((r) => r.reason);
    expect(reasons[0]).toMatch(/^malformed job: /);
    expect(reasons[1]).toContain(
      'JOB_UNRECORDED: the ledger holds no release run nats-release@9.0.1.run.1.started',
    );
    expect(await stat(mark).catch(() => undefined)).toBeUndefined();
    expect(await harness.events('dev.cdevents.artifact.packaged.0.3.0')).toHaveLength(recordsBefore);
    expect(await harness.store.readEvent('nats-release@9.0.1.add.failed')).toBeUndefined();
  }, 60_000);

  it('reports a build that failed on a NATS worker, from the failure it recorded', async () => {
    const manifest = manifestOf('2.0.0', [wasmPackage('broken', ['sh', '-c', 'exit 7'])]);
    const report = await runOverNats(manifest);
    expect(report.status).toBe('failed');
    expect(report.error?.code).toBe('RECIPE_FAILED');
    expect(report.gate).toBeUndefined();
    const summary = await harness.store.readEvent(report.summaryEventId);
    expect(summary?.type).toBe('dev.cdevents.pipelinerun.finished.0.3.0');
  }, 90_000);
});
