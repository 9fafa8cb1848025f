import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Bus, Consumption } from '@shiplog/bus';
import { createMemoryBus } from '@shiplog/bus';
import { parseReleaseManifest } from '@shiplog/release';
import type { ReleasePackage } from '@shiplog/release';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleBuildJob } from './buildWorker.ts';
import { WorkerError, WorkerErrorCode } from './errors.ts';
import type { BuildJob, SignJob } from './jobs.ts';
import { handleSbomJob } from './sbomWorker.ts';
import { handleSignJob } from './signWorker.ts';
import { startWorker, workerJobQueues } from './startWorker.ts';
import { createWorkerHarness } from './testing/workerHarness.ts';
import type { WorkerHarness } from './testing/workerHarness.ts';
import type { WorkerContext } from './workerContext.ts';

let harness: WorkerHarness;
let bus: Bus;
let ctx: WorkerContext;
let sourceDir: string;

function pkg(name: string, command: string[], outputs = ['out.bin']): ReleasePackage {
  const manifest = parseReleaseManifest({
    release: 'fail',
    version: '1.0.0',
    packages: [
      {
        name,
        ecosystem: 'npm',
        build: { source: 'src', command, outputs },
        registry: { url: 'https://registry.npmjs.org', credentials: { from: 'env', variable: 'NPM_TOKEN' } },
      },
    ],
  });
  return manifest.packages[0] as ReleasePackage;
}

function job(id: string, p: ReleasePackage): BuildJob {
  return {
    jobId: id,
    release: 'fail',
    version: '1.0.0',
    requestedAt: '2026-11-21T10:00:00Z',
    manifestDir: harness.dir,
    package: p,
  };
}

async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (err) {
    if (err instanceof WorkerError) return err.code;
    throw err;
  }
  return 'OK';
}

beforeAll(async () => {
  harness = await createWorkerHarness();
  sourceDir = join(harness.dir, 'src');
  await mkdir(sourceDir);
  await writeFile(join(sourceDir, 'input.txt'), 'hello');
  bus = createMemoryBus({ topology: { jobQueues: workerJobQueues } });
  await bus.ensureTopology();
  ctx = harness.context(bus, 'runner-1');
});

afterAll(async () => {
  await bus?.close();
  await harness?.dispose();
});

describe('build jobs that fail', () => {
  it('records a failing recipe once as build.finished with RECIPE_FAILED', async () => {
    const failing = job('fail-1', pkg('failing', ['sh', '-c', 'echo broken >&2; exit 3']));
    const outcome = await handleBuildJob(failing, ctx);
    expect(outcome).toMatchObject({ status: 'failed', code: WorkerErrorCode.RecipeFailed });
    await handleBuildJob(failing, ctx);
    const finished = await harness.events('dev.cdevents.build.finished.0.3.0');
    const mine = finished.filter((r) => r.id === 'fail-1.failed');
    expect(mine).toHaveLength(1);
    expect((JSON.parse(mine[0]?.data ?? '{}') as { customData: { code: string } }).customData.code).toBe(
      'RECIPE_FAILED',
    );
  });

  it('records a recipe that does not produce its output as OUTPUT_MISSING', async () => {
    const outcome = await handleBuildJob(job('fail-2', pkg('silent', ['true'], ['never.bin'])), ctx);
    expect(outcome).toMatchObject({ status: 'failed', code: WorkerErrorCode.OutputMissing });
  });

  it('builds a redelivered job once: the second delivery reuses the recorded outcome', async () => {
    const ok = job('ok-1', pkg('fine', ['cp', 'input.txt', 'out.bin']));
    const first = await handleBuildJob(ok, ctx);
    const second = await handleBuildJob(ok, ctx);
    expect(first).toMatchObject({ status: 'built', reused: false });
    expect(second).toMatchObject({ status: 'built', reused: true });
    if (first.status !== 'built' || second.status !== 'built') throw new Error('expected built');
    expect(second.artifacts).toEqual(first.artifacts);
    const packaged = (await harness.events('dev.cdevents.artifact.packaged.0.3.0')).filter((r) =>
      r.id.startsWith('ok-1.'),
    );
    expect(packaged).toHaveLength(1);
  });
});

describe('malformed jobs', () => {
  let consumption: Consumption;
  beforeAll(async () => {
    consumption = await startWorker('build', ctx);
  });
  afterAll(async () => {
    await consumption?.stop();
  });

  it('go to the rejected log with the bad field named, and are never retried', async () => {
    await bus.enqueueJob('build', new TextEncoder().encode('{"jobId":"x","release":"r"}'), {
      msgId: 'bad-1',
    });
    await harness.until(
      'the job to leave the queue',
      async () => (await bus.queueDepth('build')) === 0,
      10_000,
    );
    const rejected = await bus.readRejected();
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toContain('version');
    expect(new TextDecoder().decode(rejected[0]?.data)).toBe('{"jobId":"x","release":"r"}');
  });
});

describe('signing', () => {
  it('refuses to sign stored bytes that no longer match their digest (DIGEST_MISMATCH)', async () => {
    const built = await handleBuildJob(job('tamper-1', pkg('tampered', ['cp', 'input.txt', 'out.bin'])), ctx);
    if (built.status !== 'built') throw new Error('expected built');
    const artifact = built.artifacts[0];
    if (artifact === undefined) throw new Error('expected an artifact');
    const hex = artifact.digest.slice('sha256:'.length);
    await writeFile(join(harness.dir, 'artifacts', 'sha256', hex.slice(0, 2), hex), 'other bytes');
    const sign: SignJob = {
      jobId: 'tamper-1.0',
      release: 'fail',
      version: '1.0.0',
      requestedAt: '2026-11-21T10:00:00Z',
      artifact,
      recipe: pkg('tampered', ['cp']).build,
      builder: 'runner-1',
      startedOn: '2026-11-21T10:00:00Z',
      finishedOn: '2026-11-21T10:00:01Z',
    };
    expect(await codeOf(handleSignJob(sign, ctx))).toBe(WorkerErrorCode.DigestMismatch);
    expect(await harness.events('dev.cdeventsx.shiplog-attestation.recorded.0.1.0')).toEqual([]);
  });
});

describe('SBOM jobs that cannot succeed', () => {
  it('keep the job in the rejected log with the SBOM error code and record nothing', async () => {
    const built = await handleBuildJob(
      job('opaque-1', pkg('opaque', ['sh', '-c', 'printf opaque > out.bin'])),
      ctx,
    );
    if (built.status !== 'built' || built.artifacts[0] === undefined) throw new Error('expected built');
    const before = (await bus.readRejected()).length;
    const outcome = await handleSbomJob(
      {
        jobId: 'opaque-1.0',
        release: 'fail',
        version: '1.0.0',
        requestedAt: '2026-11-21T10:00:00Z',
        artifact: built.artifacts[0],
      },
      ctx,
    );
    expect(outcome).toMatchObject({ status: 'failed', code: 'ARTIFACT_KIND_UNKNOWN' });
    const rejected = await bus.readRejected();
    expect(rejected).toHaveLength(before + 1);
    expect(rejected.at(-1)?.reason).toContain('ARTIFACT_KIND_UNKNOWN');
    expect(await harness.events('dev.cdeventsx.shiplog-sbom.generated.0.1.0')).toEqual([]);
  });
});
