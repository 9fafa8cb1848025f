import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import { readReleaseManifest } from '@shiplog/release';
import { readTarGz } from '@shiplog/sbom';
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
  ])('gives identical digests for %s', (file) => {
    const [first, second] = builds.get(file) ?? [];
    expect(first).toBeDefined();
    expect(sha256(first?.bytes ?? new Uint8Array())).toBe(sha256(second?.bytes ?? new Uint8Array()));
  });

  it('gives the same sdist content, though not necessarily the same bytes', () => {
    // setuptools 66 (Debian's) ignores SOURCE_DATE_EPOCH for sdists: the tar entries carry the
    // copied files' mtimes and the gzip header the build time, so the archive digest may differ
    // between builds. What is inside does not.
    const [first, second] = builds.get('shiplog-fixture-1.2.0.tar.gz') ?? [];
    expect(first).toBeDefined();
    const contents = (output: RecipeOutput | undefined) =>
      readTarGz(output?.bytes ?? new Uint8Array())
        .map((e) => `${e.path} ${sha256(e.data)}`)
        .sort();
    expect(contents(first)).toEqual(contents(second));
    expect(contents(first).some((line) => line.startsWith('shiplog-fixture-1.2.0/PKG-INFO '))).toBe(true);
  });
});
