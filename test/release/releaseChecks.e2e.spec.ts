import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { npmPackage, useCheckedReleases } from './checkedRelease.ts';
import { npmInstall } from './installBack.ts';
import { errorCodes, packageOf } from './releaseJson.ts';
import { noUploads } from './releaseSeed.ts';

// `shiplog release run` checks every built file against the manifest, reading name and version
// from inside it, and refuses the whole release before any upload (ARTIFACT_MISMATCH); the real
// Verdaccio and crates test server count every write request they get.
const checked = useCheckedReleases();

const packageJson = (json: Record<string, unknown>): string =>
  JSON.stringify({ license: 'Apache-2.0', main: 'index.js', files: ['index.js'], ...json });

describe('refused before any upload: ARTIFACT_MISMATCH', () => {
  it('tarballs at 0.1.26 and 0.1.28 under a release declared 0.1.25: both named, nothing sent', async () => {
    const { run, json, sent } = await checked.releases.run({
      release: 'stale-versions',
      version: '0.1.25',
      files: {
        'a/package.json': packageJson({ name: '@shiplog-fixture/sv-a', version: '0.1.26' }),
        'a/index.js': '',
        'b/package.json': packageJson({ name: '@shiplog-fixture/sv-b', version: '0.1.28' }),
        'b/index.js': '',
      },
      packages: [
        npmPackage(checked.registries, '@shiplog-fixture/sv-a', 'a', 'shiplog-fixture-sv-a-0.1.26.tgz'),
        npmPackage(checked.registries, '@shiplog-fixture/sv-b', 'b', 'shiplog-fixture-sv-b-0.1.28.tgz'),
      ],
    });
    expect(run.code, run.stderr).toBe(1);
    expect(json.status).toBe('failed');
    expect(json.error?.code).toBe('ARTIFACT_MISMATCH');
    expect(json.error?.message).toContain('0.1.26');
    expect(json.error?.message).toContain('0.1.28');
    expect(packageOf(json, '@shiplog-fixture/sv-a').error?.code).toBe('ARTIFACT_MISMATCH');
    expect(packageOf(json, '@shiplog-fixture/sv-b').error?.code).toBe('ARTIFACT_MISMATCH');
    expect(sent).toEqual(noUploads);
    const violations = await checked.releases.events('policy.violated');
    expect(violations.filter((v) => v.includes('ARTIFACT_MISMATCH') && v.includes('sv-a')).length).toBe(1);
  }, 300_000);

  it("a manifest name that is not the tarball's name gets no receipt for a package that does not exist", async () => {
    const { run, json, sent } = await checked.releases.run({
      release: 'ghost-name',
      version: '0.1.25',
      files: {
        'p/package.json': packageJson({ name: '@shiplog-fixture/real', version: '0.1.25' }),
        'p/index.js': '',
      },
      packages: [
        npmPackage(checked.registries, '@shiplog-fixture/ghost', 'p', 'shiplog-fixture-real-0.1.25.tgz'),
      ],
    });
    expect(run.code, run.stderr).toBe(1);
    expect(errorCodes(json)).toContain('ARTIFACT_MISMATCH');
    expect(json.error?.message).toContain("names '@shiplog-fixture/real'");
    expect(packageOf(json, '@shiplog-fixture/ghost').files).toEqual([]);
    expect(sent).toEqual(noUploads);
    expect((await checked.releases.events('package.published')).filter((e) => e.includes('ghost'))).toEqual(
      [],
    );
  }, 300_000);

  it('a crate whose Cargo.toml says publish = false is not uploaded', async () => {
    const { run, json, sent } = await checked.releases.run({
      release: 'internal-crate',
      version: '0.1.25',
      files: {
        'crate/rv-internal-0.1.25/Cargo.toml':
          '[package]\nname = "rv-internal"\nversion = "0.1.25"\nedition = "2021"\ndescription = "bench helpers"\nlicense = "MIT"\npublish = false\n',
        'crate/rv-internal-0.1.25/src/lib.rs': '',
      },
      packages: [
        {
          name: 'rv-internal',
          ecosystem: 'cargo',
          build: {
            source: 'crate',
            command: ['tar', '-czf', 'rv-internal-${version}.crate', 'rv-internal-${version}'],
            outputs: ['rv-internal-${version}.crate'],
          },
          registry: {
            url: checked.registries.crates.url,
            index: `sparse+${checked.registries.crates.indexUrl}`,
            credentials: { from: 'env', variable: 'CARGO_REGISTRY_TOKEN' },
          },
        },
      ],
    });
    expect(run.code, run.stderr).toBe(1);
    expect(json.error?.code, JSON.stringify(json.error)).toBe('ARTIFACT_MISMATCH');
    expect(packageOf(json, 'rv-internal').error).toMatchObject({ code: 'ARTIFACT_MISMATCH' });
    expect(json.error?.message).toContain('publish = false');
    expect(sent).toEqual(noUploads);
  }, 300_000);

  it("the main package's optionalDependencies must name this release's platform packages at its version", async () => {
    const { run, json, sent } = await checked.releases.run({
      release: 'napi-main',
      version: '0.1.25',
      files: {
        'main/package.json': packageJson({
          name: '@shiplog-fixture/nm',
          version: '0.1.25',
          optionalDependencies: { '@shiplog-fixture/nm-linux-x64-gnu': '0.1.24' },
        }),
        'main/index.js': '',
        'linux/package.json': packageJson({
          name: '@shiplog-fixture/nm-linux-x64-gnu',
          version: '0.1.25',
          os: ['linux'],
          cpu: ['x64'],
        }),
        'linux/index.js': '',
        'darwin/package.json': packageJson({
          name: '@shiplog-fixture/nm-darwin-arm64',
          version: '0.1.25',
          os: ['darwin'],
          cpu: ['arm64'],
        }),
        'darwin/index.js': '',
      },
      packages: [
        npmPackage(checked.registries, '@shiplog-fixture/nm', 'main', 'shiplog-fixture-nm-0.1.25.tgz'),
        npmPackage(
          checked.registries,
          '@shiplog-fixture/nm-linux-x64-gnu',
          'linux',
          'shiplog-fixture-nm-linux-x64-gnu-0.1.25.tgz',
        ),
        npmPackage(
          checked.registries,
          '@shiplog-fixture/nm-darwin-arm64',
          'darwin',
          'shiplog-fixture-nm-darwin-arm64-0.1.25.tgz',
        ),
      ],
    });
    expect(run.code, run.stderr).toBe(1);
    const main = packageOf(json, '@shiplog-fixture/nm');
    expect(main.error?.code).toBe('ARTIFACT_MISMATCH');
    expect(main.error?.message).toContain('@shiplog-fixture/nm-linux-x64-gnu@0.1.24');
    expect(main.error?.message).toContain(
      'does not name the platform package @shiplog-fixture/nm-darwin-arm64',
    );
    // The platform packages themselves are fine, and not uploaded either: the release is one.
    expect(packageOf(json, '@shiplog-fixture/nm-linux-x64-gnu').status).toBe('not-attempted');
    expect(sent).toEqual(noUploads);
  }, 300_000);
});

describe('an npm package of wasm-pack output', () => {
  it('goes out with its prebuilt .wasm, and npm installs it back with the same bytes', async () => {
    const wasm = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    const { run, json } = await checked.releases.run({
      release: 'wasm-pack',
      version: '0.1.25',
      files: {
        'pkg/package.json': JSON.stringify({
          name: '@shiplog-fixture/vec-wasm',
          version: '0.1.25',
          license: 'MIT',
          files: ['vec_bg.wasm', 'vec.js'],
          main: 'vec.js',
        }),
        'pkg/vec.js': 'export const wasm = new URL("./vec_bg.wasm", import.meta.url);\n',
        'pkg/vec_bg.wasm': wasm,
      },
      packages: [
        npmPackage(
          checked.registries,
          '@shiplog-fixture/vec-wasm',
          'pkg',
          'shiplog-fixture-vec-wasm-0.1.25.tgz',
        ),
      ],
    });
    expect(run.code, run.stderr).toBe(0);
    expect(json.status).toBe('published');
    // The run recorded the change its builds name: no build without change intake.
    const intake = await checked.releases.events('change.created');
    expect(intake.filter((e) => e.includes('release-wasm-pack-0.1.25'))).toHaveLength(1);
    const skipped = (await checked.releases.events('policy.violated')).filter((v) =>
      v.includes('STAGE_SKIPPED'),
    );
    expect(skipped.filter((v) => v.includes('release-wasm-pack-0.1.25'))).toEqual([]);
    const consumer = join(checked.releases.dir, 'consumer');
    const installed = await npmInstall(
      consumer,
      checked.registries.npmUrl,
      '@shiplog-fixture/vec-wasm@0.1.25',
    );
    expect(installed.code, installed.stderr).toBe(0);
    const back = await readFile(
      join(consumer, 'node_modules', '@shiplog-fixture', 'vec-wasm', 'vec_bg.wasm'),
    );
    expect(new Uint8Array(back)).toEqual(wasm);
  }, 300_000);
});
