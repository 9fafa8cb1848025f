import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createOciClient, sha256Digest } from '@shiplog/registries';
import type { FetchedManifest } from '@shiplog/registries';
import { pipDownload as runPip, pipSdistOnly, pipWheelOnly } from '../support/registries/pipDownload.ts';
import { runCommand, withoutNpmSettings } from '../support/registries/runCommand.ts';

// Real clients fetch back what a release published; each answers with the sha256 of the bytes it got.

const sha256 = (bytes: Uint8Array): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/**
 * `npm install <name>@<version>` from `registryUrl` into `dir`: the lock's entry of every
 * installed `@scope/…` package, with the sha256 of the tarball its `resolved` URL serves and
 * whether the lock's sha512 integrity matches those bytes.
 */
export async function npmInstall(
  dir: string,
  registryUrl: string,
  spec: string,
): Promise<{
  code: number | null;
  stderr: string;
  packages: Map<string, { digest: string; integrityOk: boolean; version: string }>;
}> {
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'consumer', version: '0.0.0', private: true }),
  );
  await writeFile(join(dir, '.npmrc'), `registry=${registryUrl}\n`);
  const installed = await runCommand(
    'npm',
    [
      'install',
      spec,
      '--no-audit',
      '--no-fund',
      '--cache',
      join(dir, '.cache'),
      '--userconfig',
      join(dir, '.npmrc'),
    ],
    { cwd: dir, env: withoutNpmSettings() },
  );
  const packages = new Map<string, { digest: string; integrityOk: boolean; version: string }>();
  if (installed.code !== 0) return { code: installed.code, stderr: installed.stderr, packages };
  const lock = JSON.parse(await readFile(join(dir, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string; resolved?: string; integrity?: string }>;
  };
  const scope = spec.startsWith('@') ? spec.slice(0, spec.indexOf('/') + 1) : spec;
  for (const [path, entry] of Object.entries(lock.packages)) {
    const name = path.replace(/^node_modules\//, '');
    if (!name.startsWith(scope) || entry.resolved === undefined) continue;
    const bytes = new Uint8Array(await (await fetch(entry.resolved)).arrayBuffer());
    const integrity = `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
    packages.set(name, {
      digest: sha256(bytes),
      integrityOk: integrity === entry.integrity,
      version: entry.version ?? '',
    });
  }
  return { code: installed.code, stderr: installed.stderr, packages };
}

/**
 * A scratch crate depending on `crate = "=<version>"` from the sparse index: cargo
 * generate-lockfile + fetch. Answers the Cargo.lock checksum of every crate from that registry.
 */
export async function cargoResolve(
  dir: string,
  indexUrl: string,
  crate: string,
  version: string,
): Promise<{ code: number | null; stderr: string; checksums: Map<string, string> }> {
  await mkdir(join(dir, 'src'), { recursive: true });
  await mkdir(join(dir, '.cargo'), { recursive: true });
  await writeFile(join(dir, 'src', 'lib.rs'), '');
  await writeFile(
    join(dir, 'Cargo.toml'),
    `[package]\nname = "consumer"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n${crate} = { version = "=${version}", registry = "local" }\n`,
  );
  const index = indexUrl.startsWith('sparse+') ? indexUrl : `sparse+${indexUrl}`;
  await writeFile(join(dir, '.cargo', 'config.toml'), `[registries.local]\nindex = "${index}"\n`);
  const env = { ...process.env, CARGO_HOME: join(dir, '.cargo-home'), CARGO_TARGET_DIR: join(dir, 'target') };
  const checksums = new Map<string, string>();
  for (const args of [['generate-lockfile'], ['fetch']]) {
    const done = await runCommand('cargo', args, { cwd: dir, env });
    if (done.code !== 0) return { code: done.code, stderr: done.stderr, checksums };
  }
  const lock = await readFile(join(dir, 'Cargo.lock'), 'utf8');
  for (const block of lock.split('[[package]]')) {
    const name = /name = "([^"]+)"/.exec(block)?.[1];
    const checksum = /checksum = "([0-9a-f]{64})"/.exec(block)?.[1];
    if (name !== undefined && checksum !== undefined && block.includes(index))
      checksums.set(name, `sha256:${checksum}`);
  }
  // The checksums must also be those of the bytes cargo downloaded into its cache.
  const cacheRoot = join(dir, '.cargo-home', 'registry', 'cache');
  for (const cacheDir of await readdir(cacheRoot)) {
    for (const file of await readdir(join(cacheRoot, cacheDir))) {
      const name = file.replace(/-\d+\.\d+\.\d+\.crate$/, '');
      if (checksums.get(name) !== sha256(await readFile(join(cacheRoot, cacheDir, file))))
        return { code: 1, stderr: `cargo cached ${file} with other bytes than Cargo.lock says`, checksums };
    }
  }
  return { code: 0, stderr: '', checksums };
}

/** `pip download --no-deps` of `<name>==<version>` (wheel and sdist): file name → sha256 of the bytes. */
export async function pipDownload(
  dir: string,
  indexUrl: string,
  requirement: string,
): Promise<{ code: number | null; stderr: string; files: Map<string, string> }> {
  const files = new Map<string, string>();
  for (const only of [pipWheelOnly, pipSdistOnly]) {
    const done = await runPip(indexUrl, dir, requirement, only);
    if (done.code !== 0) return { code: done.code, stderr: done.stderr, files };
  }
  for (const file of await readdir(dir)) files.set(file, sha256(await readFile(join(dir, file))));
  return { code: 0, stderr: '', files };
}

/** The manifest of `repository:tag` fetched with the OCI client, and the sha256 of its wasm layer's bytes. */
export async function ociFetch(
  registryUrl: string,
  auth: string,
  repository: string,
  tag: string,
): Promise<{ manifest: FetchedManifest | undefined; layerDigest: string | undefined }> {
  const [username = '', password = ''] = auth.split(':');
  const client = createOciClient({ registryUrl, credentials: { username, password } });
  const manifest = await client.fetchManifest(repository, tag);
  const layer = manifest?.manifest.layers[0];
  if (manifest === undefined || layer === undefined) return { manifest, layerDigest: undefined };
  return { manifest, layerDigest: sha256Digest(await client.fetchBlob(repository, layer.digest)) };
}
