import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from './runCommand.ts';

/** `test/fixtures/release/`. */
export const releaseFixtureDir = join(import.meta.dirname, '..', '..', 'fixtures', 'release');

/** A fresh temporary directory named for what it holds. */
export function tempDir(label: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `shiplog-${label}-`));
}

/**
 * Copies the fixture crates to a temp workspace. With `registry`, calc's dependency on core names
 * that registry, so cargo records it as "same registry" instead of crates.io.
 */
export async function copyFixtureCrates(registry?: string): Promise<string> {
  const dir = join(await tempDir('crates'), 'crates');
  await cp(join(releaseFixtureDir, 'crates'), dir, { recursive: true });
  if (registry !== undefined) {
    const manifest = join(dir, 'fixture-calc', 'Cargo.toml');
    const text = await readFile(manifest, 'utf8');
    await writeFile(
      manifest,
      text.replace('version = "1.2.0" }', `version = "1.2.0", registry = "${registry}" }`),
    );
  }
  return dir;
}

/**
 * Builds both fixture `.crate`s with `cargo package`, as the release manifest does. `edit` may
 * change the copied sources first (other bytes, another version); the result names the versions.
 */
export async function packageFixtureCrates(
  edit?: (dir: string) => Promise<void>,
): Promise<{ core: Uint8Array; calc: Uint8Array; dir: string }> {
  const dir = await copyFixtureCrates();
  if (edit !== undefined) await edit(dir);
  const result = await runCommand(
    'cargo',
    [
      'package',
      '-p',
      'shiplog-fixture-core',
      '-p',
      'shiplog-fixture-calc',
      '--offline',
      '--no-verify',
      '--allow-dirty',
    ],
    { cwd: dir, env: { ...process.env, CARGO_TARGET_DIR: join(dir, 'target') } },
  );
  if (result.code !== 0) throw new Error(`cargo package failed: ${result.stderr}`);
  const pkg = join(dir, 'target', 'package');
  return {
    dir,
    core: await readFile(join(pkg, `shiplog-fixture-core-${await crateVersion(dir, 'fixture-core')}.crate`)),
    calc: await readFile(join(pkg, `shiplog-fixture-calc-${await crateVersion(dir, 'fixture-calc')}.crate`)),
  };
}

/**
 * Builds the fixture sdist and wheel with Debian's python3, as the release manifest does. Source
 * timestamps are kept and SOURCE_DATE_EPOCH set, so the wheel comes out byte-identical each time
 * (the sdist does not: setuptools stamps it with the build time).
 */
export async function buildFixturePython(
  edit?: (dir: string) => Promise<void>,
): Promise<{ sdist: string; wheel: string; dir: string }> {
  const dir = join(await tempDir('python'), 'python');
  await cp(join(releaseFixtureDir, 'python'), dir, { recursive: true, preserveTimestamps: true });
  if (edit !== undefined) await edit(dir);
  const result = await runCommand(
    '/usr/bin/python3',
    ['-m', 'build', '--no-isolation', '--outdir', 'dist', '.'],
    {
      cwd: dir,
      env: { ...process.env, SOURCE_DATE_EPOCH: '315532800' },
    },
  );
  if (result.code !== 0) throw new Error(`python -m build failed: ${result.stderr}`);
  const built = await readdir(join(dir, 'dist'));
  const sdist = built.find((f) => f.endsWith('.tar.gz'));
  const wheel = built.find((f) => f.endsWith('.whl'));
  if (sdist === undefined || wheel === undefined) throw new Error(`python -m build made ${built.join(', ')}`);
  return { dir, sdist: join(dir, 'dist', sdist), wheel: join(dir, 'dist', wheel) };
}

async function crateVersion(dir: string, crate: string): Promise<string> {
  const manifest = await readFile(join(dir, crate, 'Cargo.toml'), 'utf8');
  return /^version = "([^"]+)"/m.exec(manifest)?.[1] ?? '';
}

/** Rewrites one file of a copied fixture. */
export async function editFile(path: string, change: (text: string) => string): Promise<void> {
  await writeFile(path, change(await readFile(path, 'utf8')));
}

/** The fixture's npm packages, each packed with `npm pack` as the release manifest does. */
export async function packFixtureNpm(
  edit?: (dir: string) => Promise<void>,
): Promise<{ dir: string; tarballs: Map<string, Uint8Array> }> {
  const dir = join(await tempDir('npm'), 'npm');
  await cp(join(releaseFixtureDir, 'npm'), dir, { recursive: true });
  if (edit !== undefined) await edit(dir);
  const tarballs = new Map<string, Uint8Array>();
  for (const pkg of ['fixture-native-linux-x64', 'fixture-native-darwin-arm64', 'fixture-native']) {
    const cwd = join(dir, pkg);
    const packed = await runCommand(
      'npm',
      ['pack', '--pack-destination', '.', '--ignore-scripts', '--json'],
      { cwd },
    );
    if (packed.code !== 0) throw new Error(`npm pack failed in ${pkg}: ${packed.stderr}`);
    const [result] = JSON.parse(packed.stdout) as { name: string; filename: string }[];
    if (result === undefined) throw new Error(`npm pack printed nothing in ${pkg}`);
    tarballs.set(result.name, await readFile(join(cwd, result.filename)));
  }
  return { dir, tarballs };
}

/** The fixture wasm module, built with wabt's `wat2wasm` as the release manifest does. */
export async function buildFixtureWasm(): Promise<{ dir: string; wasm: Uint8Array }> {
  const dir = await tempDir('wasm');
  const result = await runCommand('wat2wasm', [
    join(releaseFixtureDir, 'wasm', 'add.wat'),
    '-o',
    join(dir, 'add.wasm'),
  ]);
  if (result.code !== 0) throw new Error(`wat2wasm failed: ${result.stderr}`);
  return { dir, wasm: await readFile(join(dir, 'add.wasm')) };
}
