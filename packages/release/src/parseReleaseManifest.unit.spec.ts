import { describe, expect, it } from 'vitest';
import { ReleaseError, ReleaseErrorCode } from './errors.ts';
import { parseReleaseManifest } from './parseReleaseManifest.ts';

const pkg = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  ecosystem: 'cargo',
  build: { source: 'crates', command: ['cargo', 'package'], outputs: [`target/package/${name}.crate`] },
  registry: { url: 'https://crates.io', credentials: { from: 'env', variable: 'CARGO_REGISTRY_TOKEN' } },
  ...extra,
});

function problemsOf(value: unknown): { code: string; paths: string[] } {
  try {
    parseReleaseManifest(value);
  } catch (err) {
    if (!(err instanceof ReleaseError)) throw err;
    return { code: err.code, paths: err.problems.map((p) => p.path) };
  }
  throw new Error('manifest was accepted');
}

describe('parseReleaseManifest', () => {
  it('accepts a manifest and fills defaults (platform any, no dependencies)', () => {
    const manifest = parseReleaseManifest({ release: 'r', version: '1.2.0', packages: [pkg('core')] });
    expect(manifest.packages[0]?.build.platform).toBe('any');
    expect(manifest.packages[0]?.dependsOn).toEqual([]);
  });

  it('names every bad field with its path', () => {
    const result = problemsOf({
      release: 'r',
      version: 'one',
      packages: [
        pkg('core', { ecosystem: 'maven' }),
        pkg('calc', { build: { source: '../outside', command: [], outputs: [], platform: 'Linux' } }),
        pkg('tool', { registry: { url: 'ftp://x', credentials: { from: 'env', variable: 'token' } } }),
      ],
    });
    expect(result.code).toBe(ReleaseErrorCode.ManifestInvalid);
    expect(result.paths).toEqual(
      expect.arrayContaining([
        'version',
        'packages[0].ecosystem',
        'packages[1].build.source',
        'packages[1].build.command',
        'packages[1].build.outputs',
        'packages[1].build.platform',
        'packages[2].registry.url',
        'packages[2].registry.credentials.variable',
      ]),
    );
  });

  it('names an unknown field', () => {
    const result = problemsOf({
      release: 'r',
      version: '1.0.0',
      packages: [pkg('core', { token: 'secret' })],
    });
    expect(result.paths).toEqual(['packages[0].token']);
  });

  it('refuses duplicate names, unknown dependencies and oci-wasm without a repository', () => {
    const result = problemsOf({
      release: 'r',
      version: '1.0.0',
      packages: [
        pkg('core'),
        pkg('core'),
        pkg('calc', { dependsOn: ['nope'] }),
        pkg('wasm', { ecosystem: 'oci-wasm' }),
      ],
    });
    expect(result.code).toBe(ReleaseErrorCode.ManifestInvalid);
    expect(result.paths).toEqual([
      'packages[1].name',
      'packages[3].registry.repository',
      'packages[2].dependsOn[0]',
    ]);
  });

  it('refuses a dependency cycle, naming its members', () => {
    try {
      parseReleaseManifest({
        release: 'r',
        version: '1.0.0',
        packages: [
          pkg('a', { dependsOn: ['b'] }),
          pkg('b', { dependsOn: ['c'] }),
          pkg('c', { dependsOn: ['a'] }),
        ],
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ReleaseError);
      expect((err as ReleaseError).code).toBe(ReleaseErrorCode.DependencyCycle);
      expect((err as ReleaseError).message).toContain('a -> b -> c -> a');
    }
  });

  it("gives each package its own version (default the release's) and fills ${version} in its paths and arguments", () => {
    const withVersion = (name: string, version?: string) =>
      pkg(name, {
        ...(version === undefined ? {} : { version }),
        build: {
          source: 'crates/${version}',
          cwd: 'v${version}',
          command: ['cargo', 'package', '${version}'],
          outputs: [`target/package/${name}-\${version}.crate`],
        },
      });
    const manifest = parseReleaseManifest({
      release: 'r',
      version: '0.1.25',
      packages: [withVersion('core'), withVersion('calc', '0.1.28')],
    });
    expect(
      manifest.packages.map((p) => [p.version, p.build.source, p.build.cwd, p.build.outputs[0]]),
    ).toEqual([
      [undefined, 'crates/0.1.25', 'v0.1.25', 'target/package/core-0.1.25.crate'],
      ['0.1.28', 'crates/0.1.28', 'v0.1.28', 'target/package/calc-0.1.28.crate'],
    ]);
    expect(manifest.packages[1]?.build.command).toEqual(['cargo', 'package', '0.1.28']);
  });

  it('refuses a placeholder other than ${version} and a package version that is not semver', () => {
    const placeholder = problemsOf({
      release: 'r',
      version: '1.2.0',
      packages: [
        pkg('core', { build: { source: 'c', command: ['x'], outputs: ['${name}-${version}.crate'] } }),
      ],
    });
    expect(placeholder).toEqual({
      code: ReleaseErrorCode.ManifestInvalid,
      paths: ['packages[0].build.outputs[0]'],
    });
    const version = problemsOf({
      release: 'r',
      version: '1.2.0',
      packages: [pkg('calc', { version: 'latest' })],
    });
    expect(version).toEqual({ code: ReleaseErrorCode.ManifestInvalid, paths: ['packages[0].version'] });
  });

  it("accepts napi-rs's platform names and refuses other shapes", () => {
    const napi = [
      'linux-x64-gnu',
      'linux-arm64-gnu',
      'linux-x64-musl',
      'darwin-x64',
      'darwin-arm64',
      'win32-x64-msvc',
    ];
    const manifest = parseReleaseManifest({
      release: 'r',
      version: '1.0.0',
      packages: napi.map((platform) =>
        pkg(`native-${platform}`, {
          build: { source: 'npm', command: ['napi', 'build'], outputs: [`${platform}.tgz`], platform },
        }),
      ),
    });
    expect(manifest.packages.map((p) => p.build.platform)).toEqual(napi);
    for (const platform of ['Linux-x64', 'linux', 'linux-x64-gnu-extra', 'linux x64'])
      expect(
        problemsOf({
          release: 'r',
          version: '1.0.0',
          packages: [pkg('core', { build: { source: 's', command: ['c'], outputs: ['o'], platform } })],
        }).paths,
        platform,
      ).toEqual(['packages[0].build.platform']);
  });

  it('refuses two prebuilt packages handing in files of one name (a hand-in names its package by file name)', () => {
    const prebuilt = (name: string, output: string) =>
      pkg(name, { build: { source: 'npm', command: ['napi', 'build'], outputs: [output], prebuilt: true } });
    expect(
      problemsOf({
        release: 'r',
        version: '1.0.0',
        packages: [prebuilt('a', 'dist/a/native.tgz'), prebuilt('b', 'dist/b/native.tgz')],
      }).paths,
    ).toEqual(['packages[1].build.outputs[0]']);
  });
});
