import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RegistryErrorCode, createNpmClient, sha256Digest, sha512Integrity } from '@shiplog/registries';
import type { NpmClient } from '@shiplog/registries';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/registries/childProcess.ts';
import { editFile, packFixtureNpm, tempDir } from '../support/registries/fixtures.ts';
import { runCommand } from '../support/registries/runCommand.ts';
import { startVerdaccio } from '../support/registries/verdaccio.ts';
import type { Verdaccio } from '../support/registries/verdaccio.ts';
import { codeOf } from '@shiplog/events/testing';

const main = '@shiplog-fixture/native';
const linux = '@shiplog-fixture/native-linux-x64';
const darwin = '@shiplog-fixture/native-darwin-arm64';

// Verdaccio is a real npm registry; real npm installs what our client published.
describe('npm client against Verdaccio', () => {
  let verdaccio: Verdaccio;
  let client: NpmClient;
  let tarballs: Map<string, Uint8Array>;
  let other: Map<string, Uint8Array>;
  const dirs: string[] = [];
  const tarball = (map: Map<string, Uint8Array>, name: string): Uint8Array => {
    const bytes = map.get(name);
    if (bytes === undefined) throw new Error(`no tarball for ${name}`);
    return bytes;
  };

  beforeAll(async () => {
    // detect-libc, the main package's one real dependency, comes through the uplink.
    verdaccio = await startVerdaccio({
      uplink: 'https://registry.npmjs.org/',
      localScopes: ['@shiplog-fixture'],
    });
    client = createNpmClient({ registryUrl: verdaccio.url, token: verdaccio.token });
    const packed = await packFixtureNpm();
    const changed = await packFixtureNpm((dir) =>
      editFile(join(dir, 'fixture-native-linux-x64', 'index.js'), (t) => `${t}\n// other bytes\n`),
    );
    dirs.push(join(packed.dir, '..'), join(changed.dir, '..'));
    tarballs = packed.tarballs;
    other = changed.tarballs;
  });
  afterAll(async () => {
    await verdaccio?.close();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('publishes the platform packages, then the main package, under a staging dist-tag', async () => {
    for (const name of [linux, darwin, main]) {
      const bytes = tarball(tarballs, name);
      const receipt = await client.publish(bytes, {
        tag: 'staging',
        access: 'public',
        expectedDigest: sha256Digest(bytes),
      });
      expect(receipt).toMatchObject({
        ecosystem: 'npm',
        name,
        version: '1.2.0',
        alreadyPublished: false,
        digest: sha256Digest(bytes),
      });
      expect(await client.lookup(name, '1.2.0')).toEqual({
        state: 'present',
        digest: sha512Integrity(bytes),
      });
      expect((await client.distTags(name))['staging']).toBe('1.2.0');
    }
  });

  it('moves latest to the published version', async () => {
    for (const name of [linux, darwin, main]) {
      await client.setDistTag(name, 'latest', '1.2.0');
      expect(await client.distTags(name)).toMatchObject({ latest: '1.2.0', staging: '1.2.0' });
    }
  });

  it('lets real npm install the published package from Verdaccio, with the same integrity', async () => {
    const app = await tempDir('npm-app');
    dirs.push(app);
    await writeFile(
      join(app, 'package.json'),
      JSON.stringify({ name: 'consumer', version: '0.0.0', private: true }),
    );
    await writeFile(join(app, '.npmrc'), `registry=${verdaccio.url}\n`);
    const installed = await runCommand(
      'npm',
      [
        'install',
        `${main}@1.2.0`,
        '--no-audit',
        '--no-fund',
        '--cache',
        join(app, '.cache'),
        '--userconfig',
        join(app, '.npmrc'),
      ],
      { cwd: app },
    );
    expect(installed.code, installed.stderr).toBe(0);
    const lock = JSON.parse(await readFile(join(app, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; integrity?: string }>;
    };
    expect(lock.packages[`node_modules/${main}`]).toMatchObject({
      version: '1.2.0',
      integrity: sha512Integrity(tarball(tarballs, main)),
    });
    if (process.platform === 'linux' && process.arch === 'x64') {
      expect(lock.packages[`node_modules/${linux}`]?.integrity).toBe(
        sha512Integrity(tarball(tarballs, linux)),
      );
      expect(await readFile(join(app, 'node_modules', linux, 'index.js'))).toBeDefined();
    }
  });

  it('answers a re-publish of the same tarball with alreadyPublished', async () => {
    const receipt = await client.publish(tarball(tarballs, linux), { tag: 'staging' });
    expect(receipt.alreadyPublished).toBe(true);
  });

  it('refuses another tarball for a published version with VERSION_EXISTS_OTHER_BYTES', async () => {
    expect(sha512Integrity(tarball(other, linux))).not.toBe(sha512Integrity(tarball(tarballs, linux)));
    expect(await codeOf(client.publish(tarball(other, linux), { tag: 'staging' }))).toBe(
      RegistryErrorCode.VersionExistsOtherBytes,
    );
    expect(await client.lookup(linux, '1.2.0')).toEqual({
      state: 'present',
      digest: sha512Integrity(tarball(tarballs, linux)),
    });
  });

  it('refuses bytes other than the recorded digest with DIGEST_MISMATCH', async () => {
    const code = await codeOf(
      client.publish(tarball(other, darwin), {
        tag: 'staging',
        expectedDigest: sha256Digest(tarball(tarballs, linux)),
      }),
    );
    expect(code).toBe(RegistryErrorCode.DigestMismatch);
  });

  it('reports a refused token as REGISTRY_AUTH_FAILED and an unknown package as absent', async () => {
    const intruder = createNpmClient({ registryUrl: verdaccio.url, token: 'not-a-token' });
    const fresh = await packFixtureNpm((dir) =>
      editFile(join(dir, 'fixture-native-darwin-arm64', 'package.json'), (t) =>
        t.replace('"1.2.0"', '"1.2.9"'),
      ),
    );
    dirs.push(join(fresh.dir, '..'));
    expect(await codeOf(intruder.publish(tarball(fresh.tarballs, darwin), { tag: 'staging' }))).toBe(
      RegistryErrorCode.AuthFailed,
    );
    expect(await client.lookup(darwin, '1.2.9')).toEqual({ state: 'absent' });
    expect(await client.lookup('@shiplog-fixture/never-published', '1.0.0')).toEqual({ state: 'absent' });
  });

  // Verdaccio accepts exactly one attachment per publish, so npm's provenance publish (tarball +
  // .sigstore) is refused there; the worker must publish without provenance to such registries.
  it('gets REGISTRY_REJECTED from Verdaccio for a publish with a provenance attachment, and nothing is published', async () => {
    const fresh = await packFixtureNpm((dir) =>
      editFile(join(dir, 'fixture-native-darwin-arm64', 'package.json'), (t) =>
        t.replace('"1.2.0"', '"1.2.1"'),
      ),
    );
    dirs.push(join(fresh.dir, '..'));
    const bundle = {
      mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      verificationMaterial: {},
      dsseEnvelope: { payload: 'e30=', payloadType: 'application/vnd.in-toto+json', signatures: [] },
    };
    expect(
      await codeOf(
        client.publish(tarball(fresh.tarballs, darwin), { tag: 'staging', provenanceBundle: bundle }),
      ),
    ).toBe(RegistryErrorCode.Rejected);
    expect(await client.lookup(darwin, '1.2.1')).toEqual({ state: 'absent' });
    const plain = await client.publish(tarball(fresh.tarballs, darwin), { tag: 'staging' });
    expect(plain).toMatchObject({ version: '1.2.1', alreadyPublished: false });
  });

  it('leaves latest alone when publishing under staging, until it is moved', async () => {
    expect(await client.distTags(darwin)).toMatchObject({ latest: '1.2.0', staging: '1.2.1' });
    await client.setDistTag(darwin, 'latest', '1.2.1');
    expect(await client.distTags(darwin)).toMatchObject({ latest: '1.2.1', staging: '1.2.1' });
  });

  it('reports a registry that does not answer as REGISTRY_UNAVAILABLE', async () => {
    const down = createNpmClient({ registryUrl: `http://127.0.0.1:${await freePort()}/`, token: 'x' });
    expect(await codeOf(down.publish(tarball(tarballs, main), { tag: 'staging' }))).toBe(
      RegistryErrorCode.Unavailable,
    );
  });
});
