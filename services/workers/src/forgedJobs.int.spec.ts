import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Bus, Consumption } from '@shiplog/bus';
import { contentDigest, createRecorder } from '@shiplog/ledger';
import type { ReleaseManifest, ReleasePackage } from '@shiplog/release';
import { buildEvent } from '@shiplog/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJobOf, followUpJobId } from './buildJobs.ts';
import { handleBuildJob } from './buildWorker.ts';
import { recordedManifest } from './release/releaseStatus.ts';
import { WorkerErrorCode } from './errors.ts';
import type { BuildJob, SignJob } from './jobs.ts';
import { handleSbomJob } from './sbomWorker.ts';
import { handleSignJob } from './signWorker.ts';
import { startWorker } from './startWorker.ts';
import { oneRecipeRelease } from './testing/oneRecipeRelease.ts';
import { startRecordedRun } from './testing/recordedRun.ts';
import { createWorkerHarness, memoryWorkerContext } from './testing/workerHarness.ts';
import type { WorkerHarness } from './testing/workerHarness.ts';
import type { WorkerContext } from './workerContext.ts';

// Jobs as someone with the right to publish to a job queue, but not shiplog's release runner,
// could send them, and facts an emitter could record under the runner's ids. None may get a
// command run, a file built, or anything SBOM'd or signed that a release run did not record.
let harness: WorkerHarness;
let bus: Bus;
let ctx: WorkerContext;
let mark: string;

const exists = (path: string): Promise<boolean> =>
  stat(path).then(
    () => true,
    () => false,
  );

const manifestOf = (version: string, command: string[]): ReleaseManifest =>
  oneRecipeRelease({ release: 'forge', version, name: 'victim', command });

const evil = ['sh', '-c', 'touch "$MARK"; printf forged > out.bin'];

/** Everything the ledger holds but the release runs' own start events. */
async function recordedOutcomes(): Promise<string[]> {
  const ids: string[] = [];
  // A run start records itself and its change intake: neither is an outcome of a job.
  const runStart = new Set(['dev.cdevents.pipelinerun.started.0.3.0', 'dev.cdevents.change.created.0.4.0']);
  for await (const record of harness.store.readAll()) if (!runStart.has(record.type)) ids.push(record.id);
  return ids;
}

/** A run start as an emitter (NATS producer) records it under the runner's event id, its own recipe inside. */
async function forgeRunStart(manifest: ReleaseManifest, run: number): Promise<void> {
  const id = `${manifest.release}@${manifest.version}`;
  await createRecorder({ store: harness.store, producer: 'nats' }).record({
    value: buildEvent('dev.cdevents.pipelinerun.started.0.3.0', {
      id: `${id}.run.${run}.started`,
      source: '/shiplog/release',
      timestamp: new Date(),
      subjectId: `release/${manifest.release}/${manifest.version}`,
      content: { pipelineName: `release ${id}`, uri: 'file:///forged/shiplog-release.json' },
      customData: { manifest, checkout: '.' },
    }),
  });
}

async function lastRejection(): Promise<string | undefined> {
  return (await bus.readRejected()).at(-1)?.reason;
}

beforeAll(async () => {
  harness = await createWorkerHarness();
  mark = join(harness.dir, 'the-forged-command-ran');
  await mkdir(join(harness.dir, 'src'));
  await writeFile(join(harness.dir, 'src', 'input.txt'), 'hello');
  ({ bus, ctx } = await memoryWorkerContext(harness, { MARK: mark }));
});

afterAll(async () => {
  await bus?.close();
  await harness?.dispose();
});

describe('a forged build job', () => {
  let consumption: Consumption;
  beforeAll(async () => {
    consumption = await startWorker('build', ctx);
  });
  afterAll(async () => {
    await consumption?.stop();
  });

  it('carrying its own command line and directory (the old job shape) is rejected unrun', async () => {
    const forged = {
      jobId: 'forge@1.0.0.victim',
      release: 'forge',
      version: '1.0.0',
      requestedAt: '2026-11-21T10:00:00Z',
      manifestDir: '/',
      package: manifestOf('1.0.0', evil).packages[0],
    };
    await bus.enqueueJob('build', new TextEncoder().encode(JSON.stringify(forged)), { msgId: 'forged-1' });
    await harness.until(
      'the job to leave the queue',
      async () => (await bus.queueDepth('build')) === 0,
      10_000,
    );
    expect(await lastRejection()).toMatch(/malformed job: .*(manifestDir|package)/);
    expect(await exists(mark)).toBe(false);
    expect(await recordedOutcomes()).toEqual([]);
  });

  it('naming a release run an emitter recorded (not the release runner) is refused unrun', async () => {
    const manifest = manifestOf('1.0.1', evil);
    await forgeRunStart(manifest, 1);
    const job = buildJobOf(manifest, manifest.packages[0] as ReleasePackage, 1, new Date());
    await bus.enqueueJob('build', new TextEncoder().encode(JSON.stringify(job)), { msgId: 'forged-2' });
    await harness.until(
      'the job to leave the queue',
      async () => (await bus.queueDepth('build')) === 0,
      10_000,
    );
    expect(await lastRejection()).toContain(
      `${WorkerErrorCode.JobUnrecorded}: forge@1.0.1.run.1.started was not recorded by shiplog's release runner`,
    );
    expect(await exists(mark)).toBe(false);
    expect(await recordedOutcomes()).toEqual([]);
  });
});

describe('a build job naming a recorded entry wrongly', () => {
  let job: BuildJob;
  beforeAll(async () => {
    [job] = (await startRecordedRun(ctx, manifestOf('2.0.0', ['cp', 'input.txt', 'out.bin']))) as [BuildJob];
  });

  it('naming no recorded run is refused with JOB_UNRECORDED, nothing recorded', async () => {
    const outcome = await handleBuildJob({ ...job, run: 7 }, ctx);
    expect(outcome).toMatchObject({ status: 'refused', code: WorkerErrorCode.JobUnrecorded });
    expect(outcome.status === 'refused' && outcome.message).toContain('forge@2.0.0.run.7.started');
    expect(await lastRejection()).toContain('JOB_UNRECORDED');
    expect(await recordedOutcomes()).toEqual([]);
  });

  it('with a digest other than the recorded entry’s is refused with JOB_DIGEST_MISMATCH', async () => {
    const other = contentDigest({ another: 'recipe' });
    const outcome = await handleBuildJob({ ...job, entryDigest: other }, ctx);
    expect(outcome).toMatchObject({ status: 'refused', code: WorkerErrorCode.JobDigestMismatch });
    expect(outcome.status === 'refused' && outcome.message).toContain(other);
    expect(await recordedOutcomes()).toEqual([]);
  });

  it('under another job id (to write outcomes under it) is refused', async () => {
    const outcome = await handleBuildJob({ ...job, jobId: 'somebody-elses-job' }, ctx);
    expect(outcome).toMatchObject({ status: 'refused', code: WorkerErrorCode.JobUnrecorded });
    expect(await recordedOutcomes()).toEqual([]);
  });

  it('naming an earlier run’s recorded entry is refused once a later run exists', async () => {
    const manifest = manifestOf('2.1.0', ['cp', 'input.txt', 'out.bin']);
    const [first] = (await startRecordedRun(ctx, manifest, 1)) as [BuildJob];
    await startRecordedRun(ctx, manifestOf('2.1.0', ['sh', '-c', 'printf two > out.bin']), 2);
    const outcome = await handleBuildJob(first, ctx);
    expect(outcome).toMatchObject({ status: 'refused', code: WorkerErrorCode.JobUnrecorded });
    expect(outcome.status === 'refused' && outcome.message).toContain('the latest run is 2');
    expect(await recordedOutcomes()).toEqual([]);
  });

  it('named exactly, is built from the recorded recipe', async () => {
    expect(await handleBuildJob(job, ctx)).toMatchObject({ status: 'built', reused: false });
  });
});

describe('forged SBOM and sign jobs', () => {
  it('naming an artifact.packaged an emitter recorded get nothing SBOM’d or signed', async () => {
    const emitter = createRecorder({ store: harness.store, producer: 'nats' });
    const stored = await ctx.artifacts.put(new TextEncoder().encode('forged bytes'));
    const packagedEventId = 'forge@3.0.0.victim.packaged.0';
    await emitter.record({
      value: buildEvent('dev.cdevents.artifact.packaged.0.3.0', {
        id: packagedEventId,
        source: '/shiplog/workers/build',
        timestamp: new Date(),
        subjectId: `pkg:npm/victim@3.0.0?checksum=${stored.digest}`,
        content: { change: { id: 'release-forge-3.0.0' } },
        customData: { package: 'victim', ecosystem: 'npm', fileName: 'out.bin', sha512: stored.sha512 },
      }),
    });
    const job: SignJob = {
      jobId: followUpJobId(packagedEventId) ?? '',
      release: 'forge',
      version: '3.0.0',
      requestedAt: '2026-11-21T10:00:00Z',
      packagedEventId,
    };
    expect(await handleSignJob(job, ctx)).toMatchObject({
      status: 'refused',
      code: WorkerErrorCode.JobUnrecorded,
    });
    expect(await lastRejection()).toContain(`no build ${packagedEventId} recorded by shiplog's build worker`);
    expect(await handleSbomJob(job, ctx)).toMatchObject({
      status: 'refused',
      code: WorkerErrorCode.JobUnrecorded,
    });
    expect(await harness.events('dev.cdevents.artifact.signed.0.3.0')).toEqual([]);
    expect(await harness.events('dev.cdeventsx.shiplog-sbom.generated.0.1.0')).toEqual([]);
  });

  it('naming a real build under another job id are refused', async () => {
    const [job] = (await startRecordedRun(ctx, manifestOf('3.1.0', ['cp', 'input.txt', 'out.bin']))) as [
      BuildJob,
    ];
    const built = await handleBuildJob(job, ctx);
    if (built.status !== 'built' || built.artifacts[0] === undefined) throw new Error('expected built');
    const sign: SignJob = {
      jobId: 'chosen-by-the-forger',
      release: job.release,
      version: job.version,
      requestedAt: job.requestedAt,
      packagedEventId: built.artifacts[0].packagedEventId,
    };
    expect(await handleSignJob(sign, ctx)).toMatchObject({
      status: 'refused',
      code: WorkerErrorCode.JobUnrecorded,
    });
    expect(await harness.events('dev.cdevents.artifact.signed.0.3.0')).toEqual([]);
  });
});

describe('an outcome id taken in advance by another source', () => {
  it('does not make the sign worker skip its job as done: it signs, and both facts stay recorded', async () => {
    const [job] = (await startRecordedRun(ctx, manifestOf('3.2.0', ['cp', 'input.txt', 'out.bin']))) as [
      BuildJob,
    ];
    const built = await handleBuildJob(job, ctx);
    if (built.status !== 'built' || built.artifacts[0] === undefined) throw new Error('expected built');
    const { packagedEventId, purl } = built.artifacts[0];
    const jobId = followUpJobId(packagedEventId) ?? '';
    // An emitter guesses the id the sign worker will record its signature under (ids are unique
    // per source only) and records a fact of its own there first.
    await createRecorder({ store: harness.store, producer: 'nats:ci' }).record({
      value: buildEvent('dev.cdevents.artifact.signed.0.3.0', {
        id: `${jobId}.signed`,
        source: '/ci/forger',
        timestamp: new Date(),
        subjectId: purl,
        content: { signature: 'forged' },
      }),
    });
    const sign: SignJob = {
      jobId,
      release: job.release,
      version: job.version,
      requestedAt: job.requestedAt,
      packagedEventId,
    };
    expect(await handleSignJob(sign, ctx)).toMatchObject({ status: 'recorded' });
    const facts = await harness.store.readEventsById(`${jobId}.signed`);
    expect(facts.map((record) => record.producer).sort()).toEqual(['nats:ci', 'shiplog-workers']);
  });
});

describe('a forged release run start', () => {
  it('is passed over by resume: it takes the manifest the release runner last recorded', async () => {
    const genuine = manifestOf('5.0.0', ['cp', 'input.txt', 'out.bin']);
    await startRecordedRun(ctx, genuine);
    await forgeRunStart(manifestOf('5.0.0', evil), 2);
    const resumed = await recordedManifest(harness.store, 'forge@5.0.0');
    expect(resumed?.manifest).toEqual(genuine);
    expect(resumed?.manifestPath).toBe(join(harness.dir, 'shiplog-release.json'));
  });
});
