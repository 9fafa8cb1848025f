import { createMemoryBus, MemoryBroker } from '@shiplog/bus';
import type { Bus } from '@shiplog/bus';
import { parseGatePolicy, releaseIds } from '@shiplog/ledger';
import { artifactsOnlyPolicy } from '@shiplog/ledger/testing/artifactsOnlyPolicy.ts';
import { parseReleaseManifest } from '@shiplog/release';
import type { ReleaseManifest } from '@shiplog/release';
import { sha256Digest } from '@shiplog/registries';
import { tarGz } from '@shiplog/registries/testing/tarGz.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerErrorCode } from '../errors.ts';
import { workerJobQueues } from '../startWorker.ts';
import { createWorkerHarness } from '../testing/workerHarness.ts';
import type { WorkerHarness } from '../testing/workerHarness.ts';
import type { WorkerContext } from '../workerContext.ts';
import { handInArtifacts, reportMatrixFailure } from './handInArtifacts.ts';
import { runRelease } from './runRelease.ts';

// A CI matrix builds the napi platform packages on their own runners and hands them in; the
// release run (here with the embedded workers) waits for them, then SBOMs, signs and gates them
// like the files its own build workers build. No source of these packages exists here: a build
// job for one would fail, so a release that gets through never ran their command.
let harness: WorkerHarness;
let bus: Bus;
let ctx: WorkerContext;

beforeAll(async () => {
  harness = await createWorkerHarness();
  bus = createMemoryBus({ broker: new MemoryBroker(), topology: { jobQueues: workerJobQueues } });
  await bus.ensureTopology();
  ctx = harness.context(bus, 'release-coordinator');
});

afterAll(async () => {
  await bus?.close();
  await harness?.dispose();
});

const platforms = ['linux-x64-gnu', 'win32-x64-msvc'] as const;
const tgzName = (platform: string, version: string) => `acme-native-${platform}-${version}.tgz`;
const tarball = (platform: string, version: string, build = 1): Uint8Array =>
  tarGz({
    'package/package.json': JSON.stringify({
      name: `@acme/native-${platform}`,
      version,
      os: [platform.split('-')[0]],
    }),
    'package/index.node': `native code for ${platform}, build ${build}`,
  });

const matrixRelease = (release: string, version = '1.0.0'): ReleaseManifest =>
  parseReleaseManifest({
    release,
    version,
    packages: [
      ...platforms.map((platform) => ({
        name: `@acme/native-${platform}`,
        ecosystem: 'npm',
        build: {
          source: `npm/${platform}`,
          command: ['napi', 'build', '--platform', '--release'],
          outputs: [tgzName(platform, version)],
          platform,
          prebuilt: true,
        },
        registry: { url: 'http://127.0.0.1:9', credentials: { from: 'env', variable: 'NPM_TOKEN' } },
      })),
      {
        name: 'acme-tool',
        ecosystem: 'npm',
        build: { source: 'tool', command: ['npm', 'pack'], outputs: ['acme-tool-1.0.0.tgz'] },
        registry: { url: 'http://127.0.0.1:9', credentials: { from: 'env', variable: 'NPM_TOKEN' } },
      },
    ],
  });

/** A dry run of `manifest` with the embedded workers, waiting at most `timeoutMs` for builds and hand-ins. */
const dryRunOf = (manifest: ReleaseManifest, policy: string, timeoutMs: number) =>
  runRelease({
    manifest,
    manifestPath: `${harness.dir}/shiplog-release.json`,
    ctx,
    access: { credential: () => Promise.resolve('unused') },
    policy: parseGatePolicy(artifactsOnlyPolicy(policy)),
    dryRun: true,
    inProcessWorkers: true,
    buildTimeoutMs: timeoutMs,
  });

const eventCount = async (): Promise<number> => {
  let n = 0;
  for await (const record of harness.store.readAll()) if (record.id !== '') n++;
  return n;
};

const refusal = async (run: Promise<unknown>): Promise<{ code: unknown; message: string }> =>
  run.then(
    () => ({ code: 'accepted', message: '' }),
    (err: unknown) => ({ code: (err as { code?: unknown }).code, message: String(err) }),
  );

describe('prebuilt artifacts handed in by a CI matrix', () => {
  it('records each with its digest and the matrix job as runner; the run SBOMs, signs and gates them', async () => {
    const manifest = {
      ...matrixRelease('matrix'),
      packages: matrixRelease('matrix').packages.filter((p) => p.build.prebuilt === true),
    };
    const running = dryRunOf(manifest, 'matrix', 60_000);
    // The matrix jobs finish while the run waits.
    await harness.until(
      'the run to start',
      async () => (await harness.store.readEvent('matrix@1.0.0.run.1.started')) !== undefined,
    );
    const handedIn = [];
    for (const platform of platforms) {
      const report = await handInArtifacts({
        ctx,
        manifest,
        run: 1,
        files: [{ fileName: tgzName(platform, '1.0.0'), bytes: tarball(platform, '1.0.0') }],
        runner: `github-actions:acme/native/actions/runs/7/attempts/1#build@${platform}`,
        platform,
      });
      handedIn.push(...report.files);
    }
    const report = await running;
    expect(report.gate?.decision).toBe('allow');
    expect(report.gate?.artifacts.map((a) => a.digest).sort()).toEqual(
      platforms.map((p) => sha256Digest(tarball(p, '1.0.0'))).sort(),
    );
    expect(handedIn.map((f) => f.status)).toEqual(['recorded', 'recorded']);
    for (const platform of platforms) {
      const record = await harness.store.readEvent(`matrix@1.0.0._acme_native-${platform}.packaged.0`);
      const data = JSON.parse(record?.data ?? '{}') as { customData: Record<string, unknown> };
      expect(data.customData).toMatchObject({
        runner: `github-actions:acme/native/actions/runs/7/attempts/1#build@${platform}`,
        handedIn: { platform },
        platform,
        fileName: tgzName(platform, '1.0.0'),
      });
    }
  }, 90_000);

  it('takes the same file again as already recorded', async () => {
    const report = await handInArtifacts({
      ctx,
      manifest: matrixRelease('matrix'),
      run: 1,
      files: [{ fileName: tgzName('linux-x64-gnu', '1.0.0'), bytes: tarball('linux-x64-gnu', '1.0.0') }],
      runner: 'a re-run job',
    });
    expect(report.files.map((f) => f.status)).toEqual(['already-recorded']);
  });

  it('refuses, recording nothing: an unknown file, a package the workers build, another platform, other bytes, an empty file', async () => {
    const manifest = matrixRelease('matrix');
    const before = await eventCount();
    const handIn = (fileName: string, bytes: Uint8Array, platform?: string) =>
      refusal(
        handInArtifacts({
          ctx,
          manifest,
          run: 1,
          files: [
            // A good file first: it must not be recorded when a later one is refused.
            { fileName: tgzName('win32-x64-msvc', '1.0.0'), bytes: tarball('win32-x64-msvc', '1.0.0') },
            { fileName, bytes },
          ],
          runner: 'matrix',
          ...(platform === undefined ? {} : { platform }),
        }),
      );
    const good = tarball('linux-x64-gnu', '1.0.0');
    expect((await handIn('acme-native-linux-riscv-1.0.0.tgz', good)).code).toBe(
      WorkerErrorCode.ArtifactNotInManifest,
    );
    expect((await handIn('acme-tool-1.0.0.tgz', good)).code).toBe(WorkerErrorCode.PackageNotPrebuilt);
    expect((await handIn(tgzName('win32-x64-msvc', '1.0.0'), good, 'linux-x64-gnu')).code).toBe(
      WorkerErrorCode.PlatformMismatch,
    );
    // Another package's tarball under this name: its package.json says so (ARTIFACT_MISMATCH).
    const otherPackage = await handIn(tgzName('linux-x64-gnu', '1.0.0'), tarball('linux-x64-musl', '1.0.0'));
    expect(otherPackage.code).toBe('ARTIFACT_MISMATCH');
    expect(otherPackage.message).toContain("names '@acme/native-linux-x64-musl'");
    // Two package.json files: npm unpacks with the top directory stripped, so the second one
    // (another package's) overwrites the checked one on install.
    const smuggled = tarGz({
      'package/package.json': JSON.stringify({ name: '@acme/native-linux-x64-gnu', version: '1.0.0' }),
      'package/index.node': 'native code',
      'other/package.json': JSON.stringify({ name: '@acme/native-linux-x64-musl', version: '1.0.0' }),
    });
    const twoManifests = await handIn(tgzName('linux-x64-gnu', '1.0.0'), smuggled);
    expect(twoManifests.code).toBe('ARTIFACT_MISMATCH');
    expect(twoManifests.message).toContain('has 2 entries for package/package.json');
    const otherBytes = await handIn(tgzName('linux-x64-gnu', '1.0.0'), tarball('linux-x64-gnu', '1.0.0', 2));
    expect(otherBytes.code).toBe(WorkerErrorCode.ArtifactAlreadyHandedIn);
    expect(otherBytes.message).toContain(sha256Digest(good));
    expect((await handIn(tgzName('linux-x64-gnu', '1.0.0'), new Uint8Array())).code).toBe(
      WorkerErrorCode.ArtifactNotInManifest,
    );
    expect(await eventCount()).toBe(before);
  });

  it('a failed matrix job reaches the run at once, long before its timeout', async () => {
    const manifest = matrixRelease('failing');
    await reportMatrixFailure({
      ctx,
      manifest,
      runner: 'github-actions:acme/native/actions/runs/8/attempts/1#build@win32-x64-msvc',
      package: '@acme/native-win32-x64-msvc',
      message: 'link.exe exited with 1120',
    });
    const started = Date.now();
    const report = await dryRunOf(
      { ...manifest, packages: manifest.packages.filter((p) => p.build.prebuilt === true) },
      'failing',
      120_000,
    );
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(report.error).toMatchObject({ code: WorkerErrorCode.MatrixBuildFailed });
    expect(report.error?.message).toContain('link.exe exited with 1120');
    expect(report.error?.message).toContain('runs/8');
  }, 60_000);

  it('a matrix job that fails while the run waits reaches the run as soon as it is recorded', async () => {
    const manifest = matrixRelease('failing-later');
    const running = dryRunOf(
      { ...manifest, packages: manifest.packages.filter((p) => p.build.prebuilt === true) },
      'failing-later',
      120_000,
    );
    const started = releaseIds.runStarted(releaseIds.release(manifest), 1);
    await harness.until(
      'the run to start',
      async () => (await harness.store.readEvent(started)) !== undefined,
    );
    await new Promise((r) => setTimeout(r, 500)); // the run is past its first look, waiting
    await reportMatrixFailure({
      ctx,
      manifest,
      runner: 'github-actions:acme/native/actions/runs/9/attempts/1#build@linux-x64-gnu',
      package: '@acme/native-linux-x64-gnu',
      message: 'cc exited with 1',
    });
    const reported = Date.now();
    const report = await running;
    // The figure the issue asks for (report to coordinator stop); not asserted, it varies with load.
    console.log(`matrix --failed report to coordinator stop: ${Date.now() - reported} ms`);
    expect(report.error).toMatchObject({ code: WorkerErrorCode.MatrixBuildFailed });
    expect(report.error?.message).toContain('cc exited with 1');
  }, 60_000);

  it('a matrix job that never hands in ends the run at its --timeout, naming the package', async () => {
    const manifest = matrixRelease('silent');
    const report = await dryRunOf(
      {
        ...manifest,
        packages: manifest.packages.filter((p) => p.build.platform === 'linux-x64-gnu'),
      },
      'silent',
      1_000,
    );
    expect(report.error).toMatchObject({ code: 'BUILD_TIMEOUT' });
    expect(report.error?.message).toContain('no CI matrix job handed in @acme/native-linux-x64-gnu');
  }, 60_000);
});
