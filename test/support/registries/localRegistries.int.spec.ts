import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RegistryErrorCode, createOciClient, ociMediaType } from '@shiplog/registries';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './fixtures.ts';
import { localReleaseFixture } from './localReleaseFixture.ts';
import type { FixtureManifest } from './localReleaseFixture.ts';
import { startLocalRegistries } from './localRegistries.ts';
import type { LocalRegistries } from './localRegistries.ts';
import { runCommand } from './runCommand.ts';

// The counters are what the release suite proves "uploads nothing" with, so real npm and the OCI
// client drive them here.
describe('local registries for a release', () => {
  let registries: LocalRegistries;
  const dirs: string[] = [];

  beforeAll(async () => {
    registries = await startLocalRegistries({ npmUplink: null });
  });
  afterAll(async () => {
    await registries?.stop();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('counts a real npm publish as an upload, and a refused re-publish as an attempt only', async () => {
    const dir = await tempDir('npm-count');
    dirs.push(dir);
    await writeFile(
      join(dir, 'package.json'),
      JSON.stringify({ name: '@shiplog-fixture/counted', version: '1.0.0' }),
    );
    const npmrc = join(dir, '.npmrc');
    const host = registries.npmUrl.replace(/^http:/, '');
    await writeFile(npmrc, `registry=${registries.npmUrl}\n${host}:_authToken=${registries.env.NPM_TOKEN}\n`);
    const publish = () =>
      runCommand('npm', ['publish', '--userconfig', npmrc, '--cache', join(dir, '.cache')], { cwd: dir });
    expect((await publish()).code).toBe(0);
    expect(registries.uploads().npm).toBe(1);
    // npm itself may refuse before sending; a PUT that does arrive is refused and not counted as stored.
    expect((await publish()).code).not.toBe(0);
    expect(registries.uploads().npm).toBe(1);
    const put = await fetch(`${registries.npmUrl}@shiplog-fixture%2fcounted`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${registries.env.NPM_TOKEN}`, 'content-type': 'application/json' },
      body: await readFile(join(dir, 'package.json')),
    });
    expect(put.ok).toBe(false);
    expect(registries.uploads().npm).toBe(1);
    expect(registries.attempts().npm).toBeGreaterThanOrEqual(2);
  });

  it('puts docker-registry behind OCI_AUTH and counts blob and manifest pushes', async () => {
    const [username = '', password = ''] = registries.env.OCI_AUTH.split(':');
    const client = createOciClient({ registryUrl: registries.ociUrl, credentials: { username, password } });
    const stranger = createOciClient({
      registryUrl: registries.ociUrl,
      credentials: { username, password: 'wrong' },
    });
    const layer = new TextEncoder().encode('\0asm counted');
    await expect(stranger.pushBlob('counted/add', layer, ociMediaType.wasmLayer)).rejects.toMatchObject({
      code: RegistryErrorCode.AuthFailed,
    });
    expect(registries.uploads().oci).toBe(0);
    await client.publishWasm('counted/add', '1.0.0', layer, {
      created: '2026-01-01T00:00:00Z',
      os: 'wasip1',
    });
    expect(registries.uploads().oci).toBeGreaterThanOrEqual(3);
    expect((await client.fetchManifest('counted/add', '1.0.0'))?.manifest.layers).toHaveLength(1);
  });

  it('writes the fixture manifest with every registry local and calc and PyPI on trusted publishing', async () => {
    const copy = await localReleaseFixture(registries);
    dirs.push(join(copy.dir, '..'));
    const written = JSON.parse(await readFile(copy.manifestPath, 'utf8')) as FixtureManifest;
    const target = (name: string) => written.packages.find((p) => p.name === name)?.registry;
    expect(copy.id).toBe('shiplog-fixture@1.2.0');
    expect(target('@shiplog-fixture/native')).toEqual({
      url: registries.npmUrl,
      credentials: { from: 'env', variable: 'NPM_TOKEN' },
    });
    expect(target('shiplog-fixture-core')).toMatchObject({
      url: registries.crates.url,
      index: `sparse+${registries.crates.indexUrl}`,
      credentials: { from: 'env', variable: 'CARGO_REGISTRY_TOKEN' },
    });
    expect(target('shiplog-fixture-calc')?.credentials).toEqual({ from: 'oidc', audience: 'crates.io' });
    expect(target('shiplog-fixture')).toMatchObject({
      url: registries.pypi.uploadUrl,
      index: registries.pypi.indexUrl,
      credentials: { from: 'oidc', audience: 'pypi' },
    });
    expect(target('shiplog-fixture-add')).toEqual({
      url: registries.ociUrl,
      repository: 'shiplog-fixture/add',
      credentials: { from: 'env', variable: 'OCI_AUTH' },
    });
  });
});
