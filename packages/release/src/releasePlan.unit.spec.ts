import { describe, expect, it } from 'vitest';
import { purlIdentity } from '@shiplog/ledger';
import { packageNameVersions, packagePurl } from './packagePurl.ts';
import { parseReleaseManifest } from './parseReleaseManifest.ts';
import { planRelease } from './releasePlan.ts';

const pkg = (name: string, ecosystem: string, dependsOn: string[] = [], platform = 'any') => ({
  name,
  ecosystem,
  build: { source: 'src', command: ['make'], outputs: ['out'], platform },
  dependsOn,
  registry: {
    url: 'https://registry.example',
    index: 'sparse+https://registry.example/index/',
    credentials: { from: 'env', variable: 'TOKEN' },
  },
});

describe('planRelease', () => {
  const manifest = parseReleaseManifest({
    release: 'demo',
    version: '1.2.0',
    packages: [
      pkg('@acme/native', 'npm', ['@acme/native-linux-x64', '@acme/native-darwin-arm64']),
      pkg('calc', 'cargo', ['core']),
      pkg('app', 'cargo', ['calc', 'core']),
      pkg('core', 'cargo'),
      pkg('@acme/native-linux-x64', 'npm', [], 'linux-x64'),
      pkg('@acme/native-darwin-arm64', 'npm', [], 'darwin-arm64'),
    ],
  });
  const plan = planRelease(manifest);
  const order = plan.publishes.map((p) => p.package);

  it('publishes crates after the crates they use', () => {
    expect(order.indexOf('core')).toBeLessThan(order.indexOf('calc'));
    expect(order.indexOf('calc')).toBeLessThan(order.indexOf('app'));
  });

  it('publishes npm platform packages before the package that names them', () => {
    expect(order.indexOf('@acme/native-linux-x64')).toBeLessThan(order.indexOf('@acme/native'));
    expect(order.indexOf('@acme/native-darwin-arm64')).toBeLessThan(order.indexOf('@acme/native'));
  });

  it('puts packages in waves and keeps each build on its platform', () => {
    const wave = new Map(plan.publishes.map((p) => [p.package, p.wave]));
    expect([wave.get('core'), wave.get('calc'), wave.get('app'), wave.get('@acme/native')]).toEqual([
      1, 2, 3, 2,
    ]);
    expect(plan.builds.find((b) => b.package === '@acme/native-darwin-arm64')?.platform).toBe('darwin-arm64');
    expect(plan.publishes[0]?.credentials).toBe('env TOKEN');
  });
});

describe('packagePurl', () => {
  it("publishes each package at its own version, the release's by default", () => {
    const mixed = parseReleaseManifest({
      release: 'demo',
      version: '0.1.25',
      packages: [{ ...pkg('core', 'cargo'), version: '0.1.28' }, pkg('calc', 'cargo', ['core'])],
    });
    expect(planRelease(mixed).publishes.map((p) => `${p.package}@${p.version}`)).toEqual([
      'core@0.1.28',
      'calc@0.1.25',
    ]);
  });

  it('writes purls the ledger recognises, with the digest as checksum', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(packagePurl({ ecosystem: 'npm', name: '@acme/native' }, '1.2.0', { digest })).toBe(
      `pkg:npm/%40acme/native@1.2.0?checksum=${digest}`,
    );
    expect(
      packagePurl({ ecosystem: 'pypi', name: 'Shiplog_Fixture' }, '1.2.0', { fileName: 'a b.whl' }),
    ).toBe('pkg:pypi/shiplog-fixture@1.2.0?file_name=a%20b.whl');
  });

  it('writes OCI purls as purl-spec says: the manifest digest as version, tag and repository_url', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const manifestDigest = `sha256:${'b'.repeat(64)}`;
    const add = {
      ecosystem: 'oci-wasm',
      name: 'shiplog-fixture-add',
      registry: { url: 'https://ghcr.io/', repository: 'Shiplog-Fixture/Add' },
    } as const;
    const purl = packagePurl(add, '1.2.0', { digest, manifestDigest });
    expect(purl).toBe(
      `pkg:oci/add@sha256%3A${'b'.repeat(64)}?checksum=${digest}&repository_url=ghcr.io/shiplog-fixture/add&tag=1.2.0`,
    );
    // The ledger files it under the file's digest and the release version, like before the change.
    expect(purlIdentity(purl)).toEqual({ digest, nameVersion: 'pkg:oci/add@1.2.0' });
    expect(purlIdentity(`pkg:oci/add@${manifestDigest}?tag=1.2.0`).digest).toBe(manifestDigest);
    expect(packageNameVersions(add, '1.2.0')).toEqual([
      'pkg:oci/add@1.2.0',
      'pkg:oci/shiplog-fixture-add@1.2.0',
    ]);
    expect(purlIdentity(`pkg:oci/shiplog-fixture-add@1.2.0?checksum=${digest}`)).toEqual({
      digest,
      nameVersion: 'pkg:oci/shiplog-fixture-add@1.2.0',
    });
  });
});
