import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkArtifactsAgainstManifest } from './checkArtifactsAgainstManifest.ts';
import type { ReleaseFile } from './checkArtifactsAgainstManifest.ts';
import { ReleaseErrorCode } from './errors.ts';
import { inspectArtifact } from './inspectArtifact.ts';
import { parseReleaseManifest } from './parseReleaseManifest.ts';
import type { ReleaseManifest } from './releaseManifest.ts';
import { tarGz } from '@shiplog/sbom/testing/archives.ts';
import { crateFile, npmTarball, wasmModule, wheelFile } from './testing/releaseFiles.ts';

const registry = { url: 'https://example.invalid', credentials: { from: 'env', variable: 'TOKEN' } };
const build = (output: string) => ({ source: '.', command: ['true'], outputs: [output] });

function release(
  packages: readonly { name: string; ecosystem: string; output: string; version?: string }[],
): ReleaseManifest {
  return parseReleaseManifest({
    release: 'ruvector',
    version: '0.1.25',
    packages: packages.map((p) => ({
      name: p.name,
      ecosystem: p.ecosystem,
      ...(p.version === undefined ? {} : { version: p.version }),
      build: build(p.output),
      registry:
        p.ecosystem === 'oci-wasm'
          ? { ...registry, repository: 'acme/x' }
          : p.ecosystem === 'cargo' || p.ecosystem === 'pypi'
            ? { ...registry, index: 'https://example.invalid/index/' }
            : registry,
    })),
  });
}

const fields = (files: readonly ReleaseFile[], manifest: ReleaseManifest): string[] =>
  checkArtifactsAgainstManifest(manifest, files).map((m) => `${m.package} ${m.field}`);

describe('a built file against the manifest', () => {
  const core = release([{ name: 'ruvector-core', ecosystem: 'cargo', output: 'core.crate' }]);

  it('passes a crate whose Cargo.toml says the package and version released', () => {
    const files = [
      { package: 'ruvector-core', fileName: 'core.crate', bytes: crateFile('ruvector-core', '0.1.25') },
    ];
    expect(checkArtifactsAgainstManifest(core, files)).toEqual([]);
  });

  it('refuses tarballs at 0.1.26 and 0.1.28 under a release declared 0.1.25, naming both', () => {
    const npm = release([
      { name: '@ruvector/core', ecosystem: 'npm', output: 'a.tgz' },
      { name: '@ruvector/cli', ecosystem: 'npm', output: 'b.tgz' },
    ]);
    const mismatches = checkArtifactsAgainstManifest(npm, [
      {
        package: '@ruvector/core',
        fileName: 'a.tgz',
        bytes: npmTarball({ name: '@ruvector/core', version: '0.1.26', main: 'index.js' }),
      },
      {
        package: '@ruvector/cli',
        fileName: 'b.tgz',
        bytes: npmTarball({ name: '@ruvector/cli', version: '0.1.28', main: 'index.js' }),
      },
    ]);
    expect(mismatches.map((m) => [m.package, m.field])).toEqual([
      ['@ruvector/core', 'version'],
      ['@ruvector/cli', 'version'],
    ]);
    expect(mismatches[0]?.message).toContain('0.1.26');
    expect(mismatches[0]?.message).toContain('0.1.25');
  });

  it('refuses a file whose own name is not the manifest name (the receipt would name a package that does not exist)', () => {
    const files = [
      { package: 'ruvector-core', fileName: 'core.crate', bytes: crateFile('ruvector_core2', '0.1.25') },
    ];
    expect(fields(files, core)).toEqual(['ruvector-core name']);
  });

  it('refuses an archive with two metadata files, however the second is spelled (unpacked, it overwrites the first)', () => {
    const twoCrates = tarGz({
      'ruvector-core-0.1.25/Cargo.toml': '[package]\nname = "ruvector-core"\nversion = "0.1.25"\n',
      'other-9.9.9/./Cargo.toml': '[package]\nname = "other"\nversion = "9.9.9"\n',
    });
    const files = [{ package: 'ruvector-core', fileName: 'core.crate', bytes: twoCrates }];
    expect(fields(files, core)).toEqual(['ruvector-core unreadable']);
    expect(checkArtifactsAgainstManifest(core, files)[0]?.message).toContain('has 2 entries for');
  });

  it('refuses a crate whose Cargo.toml says publish = false', () => {
    const files = [
      {
        package: 'ruvector-core',
        fileName: 'core.crate',
        bytes: crateFile('ruvector-core', '0.1.25', 'publish = false\n'),
      },
    ];
    expect(fields(files, core)).toEqual(['ruvector-core publish']);
  });

  it('refuses an npm package built from wasm-pack output that lacks the .wasm its package.json names', () => {
    const wasm = release([{ name: '@ruvector/wasm', ecosystem: 'npm', output: 'w.tgz' }]);
    const json = {
      name: '@ruvector/wasm',
      version: '0.1.25',
      files: ['ruvector_wasm_bg.wasm', 'ruvector_wasm.js'],
      main: 'ruvector_wasm.js',
    };
    const without = [
      { package: '@ruvector/wasm', fileName: 'w.tgz', bytes: npmTarball(json, ['ruvector_wasm.js']) },
    ];
    const mismatch = checkArtifactsAgainstManifest(wasm, without);
    expect(mismatch.map((m) => m.field)).toEqual(['files']);
    expect(mismatch[0]?.message).toContain('ruvector_wasm_bg.wasm');
    const complete = [
      { ...without[0]!, bytes: npmTarball(json, ['ruvector_wasm.js', 'ruvector_wasm_bg.wasm']) },
    ];
    // `main` resolves as Node resolves it (`lib/index` → lib/index.js); a directory in `files` by its files.
    const resolved = npmTarball({ ...json, main: 'lib/index', files: ['lib', 'ruvector_wasm_bg.wasm'] }, [
      'lib/index.js',
      'ruvector_wasm_bg.wasm',
    ]);
    expect(checkArtifactsAgainstManifest(wasm, [{ ...without[0]!, bytes: resolved }])).toEqual([]);
    expect(checkArtifactsAgainstManifest(wasm, complete)).toEqual([]);
  });

  it("uses the package's own version when it has one, and compares PyPI names and versions as PyPI does", () => {
    const mixed = release([
      { name: 'ruvector-core', ecosystem: 'cargo', output: 'core.crate', version: '0.1.28' },
      { name: 'Ruvector_Py', ecosystem: 'pypi', output: 'x.whl', version: '0.2.0-rc.1' },
    ]);
    const files = [
      { package: 'ruvector-core', fileName: 'core.crate', bytes: crateFile('ruvector-core', '0.1.28') },
      {
        package: 'Ruvector_Py',
        fileName: 'ruvector_py-0.2.0rc1-py3-none-any.whl',
        bytes: wheelFile('ruvector-py', '0.2.0rc1'),
      },
    ];
    expect(checkArtifactsAgainstManifest(mixed, files)).toEqual([]);
    const stale = [{ ...files[0]!, bytes: crateFile('ruvector-core', '0.1.25') }];
    expect(fields(stale, mixed)).toEqual(['ruvector-core version']);
  });

  it("reads a wasm module's version custom section, and refuses a file of another kind or unreadable", () => {
    const wasm = release([{ name: 'ruvector-wasm', ecosystem: 'oci-wasm', output: 'r.wasm' }]);
    expect(
      checkArtifactsAgainstManifest(wasm, [
        { package: 'ruvector-wasm', fileName: 'r.wasm', bytes: wasmModule({ version: '0.1.25' }) },
      ]),
    ).toEqual([]);
    expect(
      checkArtifactsAgainstManifest(wasm, [
        { package: 'ruvector-wasm', fileName: 'r.wasm', bytes: wasmModule() },
      ]),
    ).toEqual([]);
    expect(
      fields(
        [{ package: 'ruvector-wasm', fileName: 'r.wasm', bytes: wasmModule({ version: '0.1.26' }) }],
        wasm,
      ),
    ).toEqual(['ruvector-wasm version']);
    expect(
      fields(
        [{ package: 'ruvector-wasm', fileName: 'r.crate', bytes: crateFile('ruvector-wasm', '0.1.25') }],
        wasm,
      ),
    ).toEqual(['ruvector-wasm kind']);
    expect(
      fields([{ package: 'ruvector-wasm', fileName: 'r.wasm', bytes: Uint8Array.from([1, 2, 3]) }], wasm),
    ).toEqual(['ruvector-wasm unreadable']);
    expect(() => inspectArtifact('r.tgz', Uint8Array.from([1, 2, 3]))).toThrow(
      expect.objectContaining({ code: ReleaseErrorCode.ArtifactUnreadable }),
    );
  });
});

describe("the main npm package's optionalDependencies", () => {
  const platforms = ['linux-x64-gnu', 'linux-arm64-gnu', 'darwin-x64', 'darwin-arm64', 'win32-x64-msvc'];
  const platformFile = (suffix: string, version = '0.1.25'): ReleaseFile => ({
    package: `@ruvector/core-${suffix}`,
    fileName: `core-${suffix}.tgz`,
    bytes: npmTarball({
      name: `@ruvector/core-${suffix}`,
      version,
      os: [suffix.split('-')[0]],
      main: 'index.js',
    }),
  });
  const mainFile = (optional: Record<string, string>): ReleaseFile => ({
    package: '@ruvector/core',
    fileName: 'core.tgz',
    bytes: npmTarball({
      name: '@ruvector/core',
      version: '0.1.25',
      main: 'index.js',
      optionalDependencies: optional,
    }),
  });
  const manifestOf = (suffixes: readonly string[]): ReleaseManifest =>
    release([
      { name: '@ruvector/core', ecosystem: 'npm', output: 'core.tgz' },
      ...suffixes.map((s) => ({ name: `@ruvector/core-${s}`, ecosystem: 'npm', output: `core-${s}.tgz` })),
    ]);

  it('must name exactly the platform packages published, each at the version published', () => {
    fc.assert(
      fc.property(
        fc.subarray(platforms, { minLength: 1 }),
        fc.nat(),
        fc.constantFrom('drop', 'range', 'stale', 'extra'),
        (published, pick, fault) => {
          const manifest = manifestOf(published);
          const files = published.map((s) => platformFile(s));
          const exact = Object.fromEntries(published.map((s) => [`@ruvector/core-${s}`, '0.1.25']));
          expect(checkArtifactsAgainstManifest(manifest, [mainFile(exact), ...files])).toEqual([]);
          const victim = `@ruvector/core-${published[pick % published.length] ?? ''}`;
          const unpublished = platforms.find((s) => !published.includes(s));
          const broken: Record<string, string> = { ...exact };
          if (fault === 'drop') delete broken[victim];
          if (fault === 'range') broken[victim] = '^0.1.25';
          if (fault === 'stale') broken[victim] = '0.1.24';
          if (fault === 'extra') {
            if (unpublished === undefined) return;
            broken[`@ruvector/core-${unpublished}`] = '0.1.25';
          }
          const mismatches = checkArtifactsAgainstManifest(manifest, [mainFile(broken), ...files]);
          expect(mismatches.map((m) => [m.package, m.field])).toEqual([
            ['@ruvector/core', 'optionalDependencies'],
          ]);
          expect(mismatches[0]?.message).toContain(fault === 'extra' ? `core-${unpublished}` : victim);
        },
      ),
    );
  });
});
