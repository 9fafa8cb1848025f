import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RegistryErrorCode, trustedPublishingToken } from '@shiplog/registries';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCratesTestServer } from './cratesTestServer.ts';
import type { CratesTestServer } from './cratesTestServer.ts';
import { buildFixturePython, copyFixtureCrates, tempDir } from './fixtures.ts';
import { startPypiTestServer } from './pypiTestServer.ts';
import type { PypiTestServer } from './pypiTestServer.ts';
import { runCommand } from './runCommand.ts';
import { codeOf } from '@shiplog/events/testing';

// No real client mints tokens here (that is the CI action's job), so the proof is that the token
// our exchange obtains from the test servers is one real cargo and twine then publish with.
describe('trusted publishing against the crates and PyPI test servers', () => {
  const oidcToken = 'oidc-for-tests';
  let crates: CratesTestServer;
  let pypi: PypiTestServer;
  const dirs: string[] = [];

  beforeAll(async () => {
    crates = await startCratesTestServer({ oidcToken });
    pypi = await startPypiTestServer({ oidcToken });
  });
  afterAll(async () => {
    await crates?.close();
    await pypi?.close();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('mints a crates token that real cargo publishes with', async () => {
    const token = await trustedPublishingToken({ ecosystem: 'cargo', registryUrl: crates.url, oidcToken });
    expect(token).not.toBe(crates.token);
    expect(crates.tokensMinted).toBe(1);
    const workspace = await copyFixtureCrates('shiplogtest');
    const cargoHome = await tempDir('cargo-home');
    dirs.push(join(workspace, '..'), cargoHome);
    await mkdir(join(workspace, '.cargo'), { recursive: true });
    await writeFile(
      join(workspace, '.cargo', 'config.toml'),
      `[registries.shiplogtest]\nindex = "sparse+${crates.indexUrl}"\n`,
    );
    const published = await runCommand(
      'cargo',
      ['publish', '-p', 'shiplog-fixture-core', '--registry', 'shiplogtest', '--allow-dirty', '--no-verify'],
      {
        cwd: workspace,
        env: {
          ...process.env,
          CARGO_HOME: cargoHome,
          CARGO_TARGET_DIR: join(workspace, 'target'),
          CARGO_REGISTRIES_SHIPLOGTEST_TOKEN: token,
        },
      },
    );
    expect(published.stderr).toContain('Published shiplog-fixture-core v1.2.0');
    expect(crates.uploads).toBe(1);
  });

  it('mints a PyPI token that real twine uploads with', async () => {
    const token = await trustedPublishingToken({ ecosystem: 'pypi', registryUrl: pypi.uploadUrl, oidcToken });
    expect(pypi.tokensMinted).toBe(1);
    const built = await buildFixturePython();
    dirs.push(join(built.dir, '..'));
    const uploaded = await runCommand(
      'twine',
      [
        'upload',
        '--non-interactive',
        '--disable-progress-bar',
        '--repository-url',
        pypi.uploadUrl,
        '-u',
        '__token__',
        '-p',
        token,
        built.wheel,
      ],
      { env: { ...process.env, PYTHON_KEYRING_BACKEND: 'keyring.backends.null.Keyring' } },
    );
    expect(uploaded.code).toBe(0);
    expect(pypi.uploads).toBe(1);
  });

  it('refuses another OIDC token with REGISTRY_AUTH_FAILED and mints nothing', async () => {
    const minted = [crates.tokensMinted, pypi.tokensMinted];
    const wrong = 'someone-elses-oidc-token';
    expect(
      await codeOf(trustedPublishingToken({ ecosystem: 'cargo', registryUrl: crates.url, oidcToken: wrong })),
    ).toBe(RegistryErrorCode.AuthFailed);
    expect(
      await codeOf(
        trustedPublishingToken({ ecosystem: 'pypi', registryUrl: pypi.uploadUrl, oidcToken: wrong }),
      ),
    ).toBe(RegistryErrorCode.AuthFailed);
    expect([crates.tokensMinted, pypi.tokensMinted]).toEqual(minted);
  });

  it('reports a registry without trusted publishing as REGISTRY_NOT_FOUND', async () => {
    const plain = await startCratesTestServer();
    try {
      const exchange = trustedPublishingToken({ ecosystem: 'cargo', registryUrl: plain.url, oidcToken });
      expect(await codeOf(exchange)).toBe(RegistryErrorCode.NotFound);
    } finally {
      await plain.close();
    }
  });

  it.each(['refuse', '503'] as const)('reports an outage (%s) as REGISTRY_UNAVAILABLE', async (mode) => {
    await pypi.goDown(mode);
    try {
      const exchange = trustedPublishingToken({ ecosystem: 'pypi', registryUrl: pypi.uploadUrl, oidcToken });
      expect(await codeOf(exchange)).toBe(RegistryErrorCode.Unavailable);
    } finally {
      await pypi.restore();
    }
  });
});
