import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Bus, Consumption } from '@shiplog/bus';
import { createMemoryBus } from '@shiplog/bus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followUpJobId } from './buildJobs.ts';
import { handleBuildJob } from './buildWorker.ts';
import { WorkerError, WorkerErrorCode } from './errors.ts';
import type { BuildJob, SignJob } from './jobs.ts';
import { handleSbomJob } from './sbomWorker.ts';
import { handleSignJob } from './signWorker.ts';
import { startWorker, workerJobQueues } from './startWorker.ts';
import { oneRecipeRelease } from './testing/oneRecipeRelease.ts';
import { startRecordedRun } from './testing/recordedRun.ts';
import { createWorkerHarness } from './testing/workerHarness.ts';
import type { WorkerHarness } from './testing/workerHarness.ts';
import type { WorkerContext } from './workerContext.ts';

let harness: WorkerHarness;
let bus: Bus;
let ctx: WorkerContext;
let version = 0;

/** A one-package release (its own version), recorded as run 1; its build job. */
async function recordedJob(
  name: string,
  command: string[],
  outputs = ['out.bin'],
  source = 'src',
): Promise<BuildJob> {
  const manifest = oneRecipeRelease({
    release: 'fail',
    version: `1.0.${version++}`,
    name,
    command,
    outputs,
    source,
  });
  const [job] = await startRecordedRun(ctx, manifest);
  if (job === undefined) throw new Error('expected a build job');
  return job;
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

const followUp = (job: BuildJob, packagedEventId: string): SignJob => ({
  jobId: followUpJobId(packagedEventId) ?? '',
  release: job.release,
  version: job.version,
  requestedAt: job.requestedAt,
  packagedEventId,
});

beforeAll(async () => {
  harness = await createWorkerHarness();
  await mkdir(join(harness.dir, 'src'));
  await writeFile(join(harness.dir, 'src', 'input.txt'), 'hello');
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
    const failing = await recordedJob('failing', ['sh', '-c', 'echo broken >&2; exit 3']);
    const outcome = await handleBuildJob(failing, ctx);
    expect(outcome).toMatchObject({ status: 'failed', code: WorkerErrorCode.RecipeFailed });
    await handleBuildJob(failing, ctx);
    const finished = await harness.events('dev.cdevents.build.finished.0.3.0');
    const mine = finished.filter((r) => r.id === `${failing.jobId}.failed`);
    expect(mine).toHaveLength(1);
    expect((JSON.parse(mine[0]?.data ?? '{}') as { customData: { code: string } }).customData.code).toBe(
      'RECIPE_FAILED',
    );
  });

  it('stops a recipe at its build.timeoutSeconds and records RECIPE_TIMEOUT', async () => {
    const manifest = oneRecipeRelease({
      release: 'fail',
      version: `1.0.${version++}`,
      name: 'slow',
      command: ['sleep', '30'],
    });
    const pkg = manifest.packages[0];
    if (pkg === undefined) throw new Error('expected a package');
    const [job] = await startRecordedRun(ctx, {
      ...manifest,
      packages: [{ ...pkg, build: { ...pkg.build, timeoutSeconds: 1 } }],
    });
    if (job === undefined) throw new Error('expected a build job');
    const started = Date.now();
    const outcome = await handleBuildJob(job, ctx);
    expect(outcome).toMatchObject({ status: 'failed', code: WorkerErrorCode.RecipeTimeout });
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('refuses to build a prebuilt package (PREBUILT_NOT_BUILT): nothing run, nothing recorded', async () => {
    const manifest = oneRecipeRelease({
      release: 'fail',
      version: `1.0.${version++}`,
      name: 'matrix-built',
      command: ['sh', '-c', 'touch ran; cp input.txt out.bin'],
    });
    const pkg = manifest.packages[0];
    if (pkg === undefined) throw new Error('expected a package');
    const [job] = await startRecordedRun(ctx, {
      ...manifest,
      packages: [{ ...pkg, build: { ...pkg.build, prebuilt: true } }],
    });
    if (job === undefined) throw new Error('expected a build job');
    const outcome = await handleBuildJob(job, ctx);
    expect(outcome).toMatchObject({ status: 'refused', code: WorkerErrorCode.PrebuiltNotBuilt });
    expect(await harness.store.readEvent(`${job.jobId}.packaged.0`)).toBeUndefined();
    expect(await harness.store.readEvent(`${job.jobId}.failed`)).toBeUndefined();
  });

  it('records a recipe that does not produce its output as OUTPUT_MISSING', async () => {
    const outcome = await handleBuildJob(await recordedJob('silent', ['true'], ['never.bin']), ctx);
    expect(outcome).toMatchObject({ status: 'failed', code: WorkerErrorCode.OutputMissing });
  });

  it('records a source missing from the worker’s checkout as SOURCE_MISSING, naming the path', async () => {
    const outcome = await handleBuildJob(await recordedJob('absent', ['true'], ['out.bin'], 'not-here'), ctx);
    expect(outcome).toMatchObject({ status: 'failed', code: WorkerErrorCode.SourceMissing });
    expect(outcome.status === 'failed' && outcome.message).toContain(join(harness.dir, 'not-here'));
  });

  it('builds a redelivered job once: the second delivery reuses the recorded outcome', async () => {
    const ok = await recordedJob('fine', ['cp', 'input.txt', 'out.bin']);
    const first = await handleBuildJob(ok, ctx);
    const second = await handleBuildJob(ok, ctx);
    expect(first).toMatchObject({ status: 'built', reused: false });
    expect(second).toMatchObject({ status: 'built', reused: true });
    if (first.status !== 'built' || second.status !== 'built') throw new Error('expected built');
    expect(second.artifacts).toEqual(first.artifacts);
    const packaged = (await harness.events('dev.cdevents.artifact.packaged.0.3.0')).filter((r) =>
      r.id.startsWith(`${ok.jobId}.`),
    );
    expect(packaged).toHaveLength(1);
  });

  it('issues no SBOM or sign job: only the release runner does', async () => {
    const built = await handleBuildJob(await recordedJob('quiet', ['cp', 'input.txt', 'out.bin']), ctx);
    expect(built.status).toBe('built');
    expect(await bus.queueDepth('sbom')).toBe(0);
    expect(await bus.queueDepth('sign')).toBe(0);
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
    const before = (await bus.readRejected()).length;
    await bus.enqueueJob('build', new TextEncoder().encode('{"jobId":"x","release":"r"}'), {
      msgId: 'bad-1',
    });
    await harness.until(
      'the job to leave the queue',
      async () => (await bus.queueDepth('build')) === 0,
      10_000,
    );
    const rejected = (await bus.readRejected()).slice(before);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toContain('version');
    expect(new TextDecoder().decode(rejected[0]?.data)).toBe('{"jobId":"x","release":"r"}');
  });
});

describe('signing', () => {
  it('refuses to sign stored bytes that no longer match their digest (DIGEST_MISMATCH)', async () => {
    const job = await recordedJob('tampered', ['cp', 'input.txt', 'out.bin']);
    const built = await handleBuildJob(job, ctx);
    if (built.status !== 'built') throw new Error('expected built');
    const artifact = built.artifacts[0];
    if (artifact === undefined) throw new Error('expected an artifact');
    const hex = artifact.digest.slice('sha256:'.length);
    await writeFile(join(harness.dir, 'artifacts', 'sha256', hex.slice(0, 2), hex), 'other bytes');
    expect(await codeOf(handleSignJob(followUp(job, artifact.packagedEventId), ctx))).toBe(
      WorkerErrorCode.DigestMismatch,
    );
    expect(await harness.events('dev.cdeventsx.shiplog-attestation.recorded.0.1.0')).toEqual([]);
  });
});

describe('SBOM jobs that cannot succeed', () => {
  it('keep the job in the rejected log with the SBOM error code and record nothing', async () => {
    const job = await recordedJob('opaque', ['sh', '-c', 'printf opaque > out.bin']);
    const built = await handleBuildJob(job, ctx);
    if (built.status !== 'built' || built.artifacts[0] === undefined) throw new Error('expected built');
    const before = (await bus.readRejected()).length;
    const outcome = await handleSbomJob(followUp(job, built.artifacts[0].packagedEventId), ctx);
    expect(outcome).toMatchObject({ status: 'failed', code: 'ARTIFACT_KIND_UNKNOWN' });
    const rejected = await bus.readRejected();
    expect(rejected).toHaveLength(before + 1);
    expect(rejected.at(-1)?.reason).toContain('ARTIFACT_KIND_UNKNOWN');
    expect(await harness.events('dev.cdeventsx.shiplog-sbom.generated.0.1.0')).toEqual([]);
  });
});
