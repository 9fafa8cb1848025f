import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import { readReleaseManifest } from '@shiplog/release';
import { gunzipSync } from 'node:zlib';
import { readTar } from '@shiplog/sbom';
import { beforeAll, describe, expect, it } from 'vitest';
import { runRecipe } from './runRecipe.ts';
import type { RecipeOutput } from './runRecipe.ts';
import { fixtureManifest } from './testing/workerHarness.ts';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const env = {
  PATH: process.env['PATH'] ?? '/usr/bin:/bin',
  HOME: process.env['HOME'] ?? '/tmp',
  SOURCE_DATE_EPOCH: '1700000000',
};

// Every package of the fixture built twice, each time in its own clean directory.
const builds = new Map<string, [RecipeOutput, RecipeOutput]>();

beforeAll(async () => {
  const manifest = await readReleaseManifest(fixtureManifest);
  for (const pkg of manifest.packages) {
    const run = () => runRecipe({ recipe: pkg.build, baseDir: dirname(fixtureManifest), env });
    const first = await run();
    const second = await run();
    first.forEach((output, i) => builds.set(output.fileName, [output, second[i] as RecipeOutput]));
  }
}, 300_000);

describe('building the fixture twice', () => {
  it.each([
    // cargo writes fixed mtimes (2006-07-24) into .crate tars; npm pack fixes them to 1985-10-26;
    // the wheel's zip timestamps follow SOURCE_DATE_EPOCH; wat2wasm output has no timestamps.
    'shiplog-fixture-core-1.2.0.crate',
    'shiplog-fixture-calc-1.2.0.crate',
    'shiplog_fixture-1.2.0-py3-none-any.whl',
    'shiplog-fixture-native-1.2.0.tgz',
    'shiplog-fixture-native-linux-x64-1.2.0.tgz',
    'shiplog-fixture-native-darwin-arm64-1.2.0.tgz',
    'add.wasm',
    // setuptools ignores SOURCE_DATE_EPOCH for sdists; the build worker rewrites the tar.gz itself.
    'shiplog-fixture-1.2.0.tar.gz',
  ])('gives identical digests for %s', (file) => {
    const [first, second] = builds.get(file) ?? [];
    expect(first).toBeDefined();
    expect(sha256(first?.bytes ?? new Uint8Array())).toBe(sha256(second?.bytes ?? new Uint8Array()));
  });

  it('keeps the sdist content while making it reproducible: sorted entries, mtime SOURCE_DATE_EPOCH', () => {
    const [first] = builds.get('shiplog-fixture-1.2.0.tar.gz') ?? [];
    const tar = gunzipSync(first?.bytes ?? new Uint8Array());
    const paths = readTar(tar).map((e) => e.path);
    expect(paths).toEqual([...paths].sort());
    expect(paths).toContain('shiplog-fixture-1.2.0/PKG-INFO');
    // The first header's mtime field (octal, offset 136) is SOURCE_DATE_EPOCH, its owner root.
    expect(Number.parseInt(new TextDecoder().decode(tar.subarray(136, 147)), 8)).toBe(1_700_000_000);
    expect(Number.parseInt(new TextDecoder().decode(tar.subarray(108, 115)), 8)).toBe(0);
  });
});
