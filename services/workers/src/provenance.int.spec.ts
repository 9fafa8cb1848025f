import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { verifyAttestation } from '@shiplog/attest';
import { cosignVerifyBlob } from '@shiplog/attest/testing';
import { createMemoryBus } from '@shiplog/bus';
import type { Bus } from '@shiplog/bus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followUpJobId } from './buildJobs.ts';
import { handleBuildJob } from './buildWorker.ts';
import { handleSignJob, SHIPLOG_BUILDER_ID } from './signWorker.ts';
import { workerJobQueues } from './startWorker.ts';
import { oneRecipeRelease } from './testing/oneRecipeRelease.ts';
import { startRecordedRun } from './testing/recordedRun.ts';
import { slsaProvenanceStatement } from './testing/slsaProvenanceSchema.ts';
import { createWorkerHarness } from './testing/workerHarness.ts';
import type { WorkerHarness } from './testing/workerHarness.ts';

let harness: WorkerHarness;
let bus: Bus;
let commit: string;

const git = (...args: string[]): string =>
  execFileSync('git', ['-C', harness.dir, ...args], {
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'a',
      GIT_AUTHOR_EMAIL: 'a@b',
      GIT_COMMITTER_NAME: 'a',
      GIT_COMMITTER_EMAIL: 'a@b',
    },
  }).trim();

beforeAll(async () => {
  harness = await createWorkerHarness();
  bus = createMemoryBus({ topology: { jobQueues: workerJobQueues } });
  await bus.ensureTopology();
  await mkdir(join(harness.dir, 'src'));
  await writeFile(join(harness.dir, 'src', 'in.txt'), 'provenance');
  await writeFile(join(harness.dir, '.gitignore'), 'ledger.db*\nartifacts/\n');
  git('init', '-q');
  git('remote', 'add', 'origin', 'https://release-bot:s3cret-token@git.example.com/acme/prov.git');
  git('add', '-A');
  git('commit', '-qm', 'the released source');
  commit = git('rev-parse', 'HEAD');
});

afterAll(async () => {
  await bus?.close();
  await harness?.dispose();
});

describe('SLSA provenance of a signed build', () => {
  it('names a stable builder, the runner in the invocation, and the source repository and commit', async () => {
    const manifest = oneRecipeRelease({
      release: 'prov',
      version: '1.0.0',
      name: 'prov',
      command: ['cp', 'in.txt', 'out.bin'],
    });
    const ctx = harness.context(bus, 'build-host-7:4242');
    const [job] = await startRecordedRun(ctx, manifest);
    if (job === undefined) throw new Error('expected a build job');
    const built = await handleBuildJob(job, ctx);
    if (built.status !== 'built' || built.artifacts[0] === undefined) throw new Error('expected a build');
    const artifact = built.artifacts[0];
    const signJob = {
      jobId: followUpJobId(artifact.packagedEventId) ?? '',
      release: 'prov',
      version: '1.0.0',
      requestedAt: '2026-11-21T10:00:00Z',
      packagedEventId: artifact.packagedEventId,
    };
    const outcome = await handleSignJob(signJob, harness.context(bus, 'sign-host-2:99'));
    if (outcome.status === 'refused') throw new Error(outcome.message);

    const bundle = new TextDecoder().decode(await ctx.artifacts.get(outcome.bundleDigest ?? ''));
    const { statement } = verifyAttestation(bundle, await ctx.artifacts.get(artifact.digest), {
      publicKeys: harness.publicKeys,
    });
    expect(cosignVerifyBlob(bundle, harness.publicKeys['fixture-release-key'] ?? '')).toBeUndefined();
    const parsed = slsaProvenanceStatement.safeParse(statement);
    expect(parsed.error?.issues ?? []).toEqual([]);
    const predicate = parsed.data?.predicate;
    expect(predicate?.runDetails.builder.id).toBe(SHIPLOG_BUILDER_ID);
    expect(predicate?.runDetails.metadata?.invocationId).toBe(`${signJob.jobId}@build-host-7:4242`);
    // The credentials in the remote URL never reach the signed statement.
    expect(predicate?.buildDefinition.resolvedDependencies).toEqual([
      { uri: 'git+https://git.example.com/acme/prov.git', digest: { gitCommit: commit } },
    ]);
    expect(bundle).not.toContain('s3cret');
  });
});
