import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createGithubClient, sha256Digest } from '@shiplog/registries';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGithubTestServer } from '../support/registries/githubTestServer.ts';
import type { GithubTestServer } from '../support/registries/githubTestServer.ts';
import { pipDownload, pipWheelOnly } from '../support/registries/pipDownload.ts';
import { runCommand } from '../support/registries/runCommand.ts';
import { selfSignedCert } from '../support/registries/selfSignedCert.ts';
import { startLocalRegistries } from '../support/registries/localRegistries.ts';
import type { LocalRegistries } from '../support/registries/localRegistries.ts';
import { cargoResolve, npmInstall } from './installBack.ts';
import { parseReleaseJson, receiptsByFile } from './releaseJson.ts';
import type { ReleaseRunJson } from './releaseJson.ts';
import { noUploads } from './releaseSeed.ts';
import { openReleaseWorkspace } from './releaseWorkspace.ts';
import type { ReleaseWorkspace } from './releaseWorkspace.ts';
import {
  crateNames,
  napiPlatforms,
  platformPackage,
  platformTarball,
  seed,
  tgzOf,
  wasmModules,
  wheel,
  writeSeedProject,
} from '../support/registries/seedProject.ts';

// Seed 002 at its own scale through the real `shiplog` command: 26 crates in a DAG, 4 wasm
// modules, 5 napi platform packages built by a CI matrix and handed in (`release add-artifact`),
// the main npm package with optionalDependencies, a wheel; published to Verdaccio, the crates and
// PyPI test servers and docker-registry, with a GitHub Release on the local GitHub server, then
// installed back with npm, cargo and pip. The refusals of the matrix half each leave every
// registry untouched. (The refusals that read inside an artifact — ARTIFACT_MISMATCH for a
// tarball whose package.json names another package or version, the optionalDependencies check —
// are the other half of issue #18 and are not asserted here.)
let registries: LocalRegistries;
let github: GithubTestServer;
let ws: ReleaseWorkspace;
let matrixDir: string;
let certFile: string;
let run: { code: number | null; stderr: string; json: ReleaseRunJson; wallMs: number };

const githubEnv = (repository: string) => ({
  SHIPLOG_GITHUB_TOKEN: github.token,
  SHIPLOG_GITHUB_REPOSITORY: repository,
  SHIPLOG_GITHUB_API_URL: `${github.httpUrl}/api/v3`,
});
/** What a GitHub Actions matrix job's environment says about it. */
const actionsEnv = (label: string) => ({
  GITHUB_ACTIONS: 'true',
  GITHUB_REPOSITORY: 'ruvnet/ruvector',
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_JOB: `build-native-${label}`,
  RUNNER_NAME: `runner-${label}`,
  RUNNER_OS: label.split('-')[0] ?? '',
  RUNNER_ARCH: label.split('-')[1] ?? '',
});
const runnerOf = (label: string) =>
  `github-actions:ruvnet/ruvector/actions/runs/4242/attempts/1#build-native-${label}@runner-${label} ${label.split('-')[0]}-${label.split('-')[1]}`;

async function seedWorkspace(): Promise<ReleaseWorkspace> {
  const opened = await openReleaseWorkspace({ registries });
  const manifest = await writeSeedProject(opened.fixture.dir, registries);
  await writeFile(opened.fixture.manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return opened;
}

const addArtifact = (args: readonly string[], env: Record<string, string> = {}) =>
  ws.cli(['release', 'add-artifact', ws.fixture.manifestPath, ...args, '--json'], env);

beforeAll(async () => {
  registries = await startLocalRegistries({ npmScopes: ['@ruvector'], npmUplink: null });
  const tls = await selfSignedCert();
  github = await startGithubTestServer({ tls });
  ws = await seedWorkspace();
  certFile = join(ws.dir, 'github-cert.pem');
  await writeFile(certFile, tls.cert);
  matrixDir = join(ws.dir, 'matrix');
  for (const p of napiPlatforms) {
    await mkdir(join(matrixDir, p.label), { recursive: true });
    await writeFile(
      join(matrixDir, p.label, tgzOf(platformPackage(p.label))),
      platformTarball(p.label, p.os, p.cpu),
    );
  }
}, 300_000);

afterAll(async () => {
  await ws?.remove();
  await github?.close();
  await registries?.stop();
});

describe('the CI matrix hands in the napi platform packages', () => {
  it('refuses a file of a package the workers build, an unknown file and another platform, recording nothing', async () => {
    const linux = join(matrixDir, 'linux-x64-gnu', tgzOf(platformPackage('linux-x64-gnu')));
    const stray = join(ws.dir, tgzOf(seed.npmMain));
    await writeFile(stray, await readFile(linux));
    const unknown = join(ws.dir, 'ruvector-core-linux-riscv64-gnu-0.1.3.tgz');
    await writeFile(unknown, await readFile(linux));
    const refused = [
      await addArtifact([stray]),
      await addArtifact([unknown]),
      await addArtifact([linux, '--platform', 'darwin-arm64']),
    ];
    expect(refused.map((r) => [r.code, /: ([A-Z_]+): /.exec(r.stderr)?.[1]])).toEqual([
      [1, 'PACKAGE_NOT_PREBUILT'],
      [1, 'ARTIFACT_NOT_IN_MANIFEST'],
      [1, 'PLATFORM_MISMATCH'],
    ]);
    expect((await ws.ledger()).filter((e) => e.type.includes('artifact.packaged'))).toEqual([]);
  });

  it("records each matrix job's directory with its digest and the job's runner identity", async () => {
    for (const p of napiPlatforms) {
      const handed = await addArtifact(
        [join(matrixDir, p.label), '--platform', p.label],
        actionsEnv(p.label),
      );
      expect(handed.code, handed.stderr).toBe(0);
      expect(JSON.parse(handed.stdout)).toMatchObject({
        runner: runnerOf(p.label),
        files: [
          {
            package: platformPackage(p.label),
            fileName: tgzOf(platformPackage(p.label)),
            status: 'recorded',
          },
        ],
      });
    }
    const packaged = (await ws.ledger()).filter((e) => e.type.includes('artifact.packaged'));
    expect(packaged.map((e) => e.event.customData?.['runner']).sort()).toEqual(
      napiPlatforms.map((p) => runnerOf(p.label)).sort(),
    );
  });

  it('refuses a rebuild at another version than the manifest releases (ARTIFACT_MISMATCH)', async () => {
    const other = join(ws.dir, 'rebuilt', tgzOf(platformPackage('darwin-x64')));
    await mkdir(join(other, '..'), { recursive: true });
    await writeFile(other, platformTarball('darwin-x64', 'darwin', 'x64', '0.1.3-rebuilt'));
    const refused = await addArtifact([other]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('ARTIFACT_MISMATCH');
    expect(refused.stderr).toContain('says version 0.1.3-rebuilt');
    expect(registries.attempts()).toEqual(noUploads);
  });

  it('refuses other bytes under a name the ledger holds (ARTIFACT_ALREADY_HANDED_IN)', async () => {
    const other = join(ws.dir, 'rebuilt', tgzOf(platformPackage('darwin-x64')));
    await mkdir(join(other, '..'), { recursive: true });
    await writeFile(other, platformTarball('darwin-x64', 'darwin', 'x64', seed.version, 2));
    const refused = await addArtifact([other]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('ARTIFACT_ALREADY_HANDED_IN');
    expect(registries.attempts()).toEqual(noUploads);
  });
});

describe('one release run of the whole seed', () => {
  beforeAll(async () => {
    const started = Date.now();
    const cli = await ws.cli(
      ['release', 'run', ws.fixture.manifestPath, '--json'],
      githubEnv('ruvnet/ruvector'),
    );
    run = {
      code: cli.code,
      stderr: cli.stderr,
      json: parseReleaseJson(cli.stdout, cli.stderr),
      wallMs: Date.now() - started,
    };
    process.stderr.write(
      `seed release: ${run.json.packages.length} packages in ${run.wallMs} ms (${JSON.stringify(run.json.timings)})\n`,
    );
  }, 900_000);

  it('publishes all 37 packages, the handed-in ones with the bytes the matrix built', async () => {
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    expect(run.json.status).toBe('published');
    expect(run.json.packages).toHaveLength(26 + 4 + 5 + 1 + 1);
    expect(run.json.packages.filter((p) => p.status !== 'published').map((p) => p.name)).toEqual([]);
    const receipts = receiptsByFile(run.json);
    for (const p of napiPlatforms) {
      const bytes = await readFile(join(matrixDir, p.label, tgzOf(platformPackage(p.label))));
      expect(receipts.get(tgzOf(platformPackage(p.label)))?.digest).toBe(sha256Digest(bytes));
    }
    expect(registries.uploads()).toMatchObject({ npm: 6, cargo: 26, pypi: 1 });
  });

  it('creates the GitHub Release: every file, its SBOM and bundle, SHA256SUMS; gh downloads what the ledger says', async () => {
    const release = github.releases().find((r) => r.tagName === `v${seed.version}`);
    expect(release?.draft).toBe(false);
    expect(release?.body).toContain(runnerOf('win32-x64-msvc'));
    const files = run.json.packages.flatMap((p) => p.files.map((f) => f.fileName));
    expect(release?.assets.map((a) => a.name).sort()).toEqual(
      [...files.flatMap((f) => [f, `${f}.cdx.json`, `${f}.sigstore.json`]), 'SHA256SUMS'].sort(),
    );
    // gh, pointed at the local server, downloads every asset; SHA256SUMS and the receipts agree.
    const dir = join(ws.dir, 'gh-download');
    const host = new URL(github.httpsUrl ?? '').host;
    const gh = await runCommand(
      'gh',
      ['release', 'download', `v${seed.version}`, '-R', `${host}/ruvnet/ruvector`, '--dir', dir],
      {
        env: {
          PATH: process.env['PATH'],
          HOME: ws.dir,
          GH_CONFIG_DIR: join(ws.dir, 'gh-config'),
          GH_HOST: host,
          GH_ENTERPRISE_TOKEN: github.token,
          SSL_CERT_FILE: certFile,
          GH_PROMPT_DISABLED: '1',
        },
      },
    );
    expect(gh.code, gh.stderr).toBe(0);
    const sums = await runCommand('sha256sum', ['--check', '--strict', 'SHA256SUMS'], { cwd: dir });
    expect(sums.code, sums.stdout + sums.stderr).toBe(0);
    expect(sums.stdout.trim().split('\n')).toHaveLength(files.length * 3);
    const receipts = receiptsByFile(run.json);
    for (const file of files)
      expect(sha256Digest(await readFile(join(dir, file))), file).toBe(receipts.get(file)?.digest);
  });

  it("installs back: npm pulls the main package and this platform's package, cargo all 26 crates, pip the wheel", async () => {
    const receipts = receiptsByFile(run.json);
    const digestOf = (file: string) => receipts.get(file)?.digest ?? `no receipt for ${file}`;
    const npm = await npmInstall(
      join(ws.dir, 'npm-app'),
      registries.npmUrl,
      `${seed.npmMain}@${seed.version}`,
    );
    expect(npm.code, npm.stderr).toBe(0);
    // The lock names every platform package (with the receipts' bytes); npm installs only this one.
    const entry = (name: string) => ({
      digest: digestOf(tgzOf(name)),
      integrityOk: true,
      version: seed.version,
    });
    expect(Object.fromEntries(npm.packages)).toEqual(
      Object.fromEntries(
        [seed.npmMain, ...napiPlatforms.map((p) => platformPackage(p.label))].map((n) => [n, entry(n)]),
      ),
    );
    const installed = await readdir(join(ws.dir, 'npm-app', 'node_modules', '@ruvector'));
    const here = napiPlatforms.filter((p) => p.os === process.platform && p.cpu === process.arch);
    expect(installed.sort()).toEqual(['core', ...here.map((p) => `core-${p.label}`)].sort());
    const cargo = await cargoResolve(
      join(ws.dir, 'cargo-app'),
      registries.crates.indexUrl,
      'ruvector-cli',
      seed.version,
    );
    expect(cargo.code, cargo.stderr).toBe(0);
    expect(Object.fromEntries(cargo.checksums)).toEqual(
      Object.fromEntries(crateNames.map((name) => [name, digestOf(`${name}-${seed.version}.crate`)])),
    );
    const pip = await pipDownload(
      registries.pypi.indexUrl,
      join(ws.dir, 'pip'),
      `ruvector==${seed.version}`,
      pipWheelOnly,
    );
    expect(pip.code, pip.stderr).toBe(0);
    expect(sha256Digest(await readFile(join(ws.dir, 'pip', wheel)))).toBe(digestOf(wheel));
    expect(wasmModules).toHaveLength(4);
  });
});

describe('refusals that stop a release before anything is uploaded', () => {
  it('a rerun uploads nothing, to the registries or to GitHub', async () => {
    const attempts = registries.attempts();
    const writes = github.writes().length;
    const again = await ws.cli(['release', 'resume', seed.id, '--json'], githubEnv('ruvnet/ruvector'));
    const json = parseReleaseJson(again.stdout, again.stderr);
    expect(again.code, again.stderr.slice(-2000)).toBe(0);
    expect(json.github?.assets.filter((a) => a.uploaded)).toEqual([]);
    expect(registries.attempts()).toEqual(attempts);
    expect(github.writes()).toHaveLength(writes);
  });

  it('an asset GitHub holds with other bytes stops the GitHub step before it uploads anything (GITHUB_ASSET_OTHER_BYTES)', async () => {
    const client = createGithubClient({ apiUrl: `${github.httpUrl}/api/v3`, token: github.token });
    const mirror = await client.createRelease('ruvnet/ruvector-mirror', {
      tagName: `v${seed.version}`,
      name: 'made by hand',
      body: '',
      draft: true,
    });
    await client.uploadAsset(
      mirror,
      'SHA256SUMS',
      new TextEncoder().encode('not these sums\n'),
      'text/plain',
    );
    const attempts = registries.attempts();
    const refused = await ws.cli(
      ['release', 'resume', seed.id, '--json'],
      githubEnv('ruvnet/ruvector-mirror'),
    );
    expect(refused.code).toBe(1);
    expect(parseReleaseJson(refused.stdout, refused.stderr).error?.code).toBe('GITHUB_ASSET_OTHER_BYTES');
    expect(
      github
        .releases()
        .find((r) => r.id === mirror.id)
        ?.assets.map((a) => a.name),
    ).toEqual(['SHA256SUMS']);
    expect(registries.attempts()).toEqual(attempts);
  });

  it('a matrix job that never hands in ends the run at --timeout; one that reports failure ends it at once', async () => {
    const fresh = await seedWorkspace();
    try {
      const attempts = registries.attempts();
      const waited = await fresh.cli([
        'release',
        'run',
        fresh.fixture.manifestPath,
        '--json',
        '--timeout',
        '3',
      ]);
      const timedOut = parseReleaseJson(waited.stdout, waited.stderr);
      expect(waited.code).toBe(1);
      expect(timedOut.error?.code).toBe('BUILD_TIMEOUT');
      expect(timedOut.error?.message).toContain(
        `no CI matrix job handed in ${napiPlatforms.map((p) => platformPackage(p.label)).join(', ')}`,
      );
      const reported = await fresh.cli(
        [
          'release',
          'add-artifact',
          seed.id,
          '--package',
          platformPackage('win32-x64-msvc'),
          '--failed',
          'link.exe exited with 1120',
        ],
        actionsEnv('win32-x64-msvc'),
      );
      expect(reported.code, reported.stderr).toBe(0);
      const started = Date.now();
      const stopped = await fresh.cli(['release', 'resume', seed.id, '--json', '--timeout', '600']);
      const failed = parseReleaseJson(stopped.stdout, stopped.stderr);
      expect(stopped.code).toBe(1);
      expect(failed.error).toMatchObject({ code: 'MATRIX_BUILD_FAILED' });
      expect(failed.error?.message).toContain(runnerOf('win32-x64-msvc'));
      expect(failed.error?.message).toContain('link.exe exited with 1120');
      expect(Date.now() - started).toBeLessThan(60_000);
      expect(registries.attempts()).toEqual(attempts);
    } finally {
      await fresh.remove();
    }
  });
});
