import { describe, expect, it } from 'vitest';
import { ReleaseErrorCode } from './errors.ts';
import { parseReleaseManifest } from './parseReleaseManifest.ts';
import { registryIndex } from './registryIndex.ts';

const credentials = { from: 'env', variable: 'TOKEN' } as const;
const manifestWith = (ecosystem: string, registry: Record<string, unknown>) => ({
  release: 'demo',
  version: '1.0.0',
  packages: [
    {
      name: 'thing',
      ecosystem,
      build: { source: 'src', command: ['make'], outputs: ['out'] },
      registry: { credentials, ...registry },
    },
  ],
});

describe('registryIndex', () => {
  it('knows the public crates.io and PyPI indexes', () => {
    expect(registryIndex({ ecosystem: 'cargo', registry: { url: 'https://crates.io', credentials } })).toBe(
      'https://index.crates.io/',
    );
    expect(
      registryIndex({ ecosystem: 'pypi', registry: { url: 'https://upload.pypi.org/legacy/', credentials } }),
    ).toBe('https://pypi.org/simple/');
  });

  it('uses the manifest’s index, without cargo’s sparse+ prefix', () => {
    const registry = {
      url: 'http://127.0.0.1:9000',
      index: 'sparse+http://127.0.0.1:9000/index/',
      credentials,
    };
    expect(registryIndex({ ecosystem: 'cargo', registry })).toBe('http://127.0.0.1:9000/index/');
  });

  it('has none for npm and OCI, whose lookups go to the registry itself', () => {
    expect(
      registryIndex({ ecosystem: 'npm', registry: { url: 'https://registry.npmjs.org', credentials } }),
    ).toBe(undefined);
  });

  it('refuses a private cargo or PyPI registry that names no index', () => {
    for (const ecosystem of ['cargo', 'pypi']) {
      let code: string | undefined;
      let paths: string[] = [];
      try {
        parseReleaseManifest(manifestWith(ecosystem, { url: 'http://127.0.0.1:9000/' }));
      } catch (err) {
        code = (err as { code: string }).code;
        paths = (err as { problems: { path: string }[] }).problems.map((p) => p.path);
      }
      expect(code).toBe(ReleaseErrorCode.ManifestInvalid);
      expect(paths).toEqual(['packages[0].registry.index']);
    }
  });
});
