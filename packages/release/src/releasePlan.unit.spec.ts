import { describe, expect, it } from 'vitest';
import { packagePurl } from './packagePurl.ts';
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
  it('writes purls the ledger recognises, with the digest as checksum', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(packagePurl('npm', '@acme/native', '1.2.0', { digest })).toBe(
      `pkg:npm/%40acme/native@1.2.0?checksum=${digest}`,
    );
    expect(packagePurl('pypi', 'Shiplog_Fixture', '1.2.0', { fileName: 'a b.whl' })).toBe(
      'pkg:pypi/shiplog-fixture@1.2.0?file_name=a%20b.whl',
    );
  });
});
