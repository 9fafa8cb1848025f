import { mkdir, mkdtemp, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Bus } from '@shiplog/bus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleBuildJob } from './buildWorker.ts';
import { WorkerErrorCode } from './errors.ts';
import type { BuildJob } from './jobs.ts';
import { oneRecipeRelease } from './testing/oneRecipeRelease.ts';
import { startRecordedRun } from './testing/recordedRun.ts';
import { createWorkerHarness, memoryWorkerContext } from './testing/workerHarness.ts';
import type { WorkerHarness } from './testing/workerHarness.ts';
import type { WorkerContext } from './workerContext.ts';

// A package source holding a symlink to a file outside it would be copied into the build, packed,
// recorded and signed as the package's own. Real links in a temporary checkout.
let harness: WorkerHarness;
let bus: Bus;
let ctx: WorkerContext;
let mark: string;

/** The build job of a one-package release built from `source` (recorded as run 1). */
async function buildOf(version: string, source: string, command: string[]): Promise<BuildJob> {
  const manifest = oneRecipeRelease({ release: 'links', version, name: 'linked', command, source });
  const [job] = await startRecordedRun(ctx, manifest);
  if (job === undefined) throw new Error('expected a build job');
  return job;
}

async function recordedIds(prefix: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const record of harness.store.readAll()) if (record.id.startsWith(prefix)) ids.push(record.id);
  return ids;
}

beforeAll(async () => {
  harness = await createWorkerHarness();
  mark = join(await mkdtemp(join(harness.dir, 'marks-')), 'the-command-ran');
  ({ bus, ctx } = await memoryWorkerContext(harness, { MARK: mark }));
});

afterAll(async () => {
  await bus?.close();
  await harness?.dispose();
});

describe('a package source with a symlink', () => {
  it('leading outside the package (to /etc/passwd) is refused before anything is built', async () => {
    await mkdir(join(harness.dir, 'linked'));
    await writeFile(join(harness.dir, 'linked', 'input.txt'), 'hello');
    await symlink('/etc/passwd', join(harness.dir, 'linked', 'passwd'));
    const job = await buildOf('1.0.0', 'linked', ['sh', '-c', 'touch "$MARK"; cat passwd > out.bin']);
    const outcome = await handleBuildJob(job, ctx);
    expect(outcome).toMatchObject({ status: 'failed', code: WorkerErrorCode.SourceOutsidePackage });
    expect(outcome.status === 'failed' && outcome.message).toContain('linked/passwd → /etc/passwd');
    expect(await stat(mark).catch(() => undefined)).toBeUndefined();
    // The failure is recorded; no artifact, no signature.
    expect(await recordedIds('links@1.0.0.linked.')).toEqual(['links@1.0.0.linked.failed']);
  });

  it('leading to a directory outside through a linked parent is refused too', async () => {
    await mkdir(join(harness.dir, 'nested', 'deep'), { recursive: true });
    await symlink('/etc', join(harness.dir, 'nested', 'deep', 'etc'));
    const job = await buildOf('1.1.0', 'nested', ['true']);
    const outcome = await handleBuildJob(job, ctx);
    expect(outcome).toMatchObject({ status: 'failed', code: WorkerErrorCode.SourceOutsidePackage });
    expect(outcome.status === 'failed' && outcome.message).toContain('nested/deep/etc → /etc');
  });

  it('staying inside the package builds', async () => {
    await mkdir(join(harness.dir, 'inner'));
    await writeFile(join(harness.dir, 'inner', 'input.txt'), 'hello');
    await symlink('input.txt', join(harness.dir, 'inner', 'alias.txt'));
    const job = await buildOf('1.2.0', 'inner', ['cp', 'alias.txt', 'out.bin']);
    expect(await handleBuildJob(job, ctx)).toMatchObject({ status: 'built' });
  });
});
