import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, checkArtifact } from './artifactChecks.ts';

const run = promisify(execFile);
const fixture = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'release');
let dir: string;
let store: string;

const sha256 = (bytes: Uint8Array): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** Puts bytes in the artifact store under `digest` (their own digest unless told otherwise). */
async function put(bytes: Buffer, digest = sha256(bytes)): Promise<string> {
  const path = artifactPath(store, digest);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
  return digest;
}

/** An npm-style tarball (`package/…`) made with tar(1) from `files`. */
async function tarball(name: string, files: Record<string, string>): Promise<Buffer> {
  const root = join(dir, name);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, 'package', path)), { recursive: true });
    await writeFile(join(root, 'package', path), content);
  }
  await run('tar', ['czf', join(dir, `${name}.tgz`), '-C', root, 'package']);
  return readFile(join(dir, `${name}.tgz`));
}

const packageJson = (version: string): string =>
  `${JSON.stringify({ name: '@shiplog-fixture/native', version, main: 'index.js' }, null, 2)}\n`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-demo-checks-'));
  store = join(dir, 'artifacts');
});
afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('the demo verification (checkArtifact)', () => {
  it('passes a package whose metadata names it, and runs the wasm module', async () => {
    const npm = await tarball('good', {
      'package.json': packageJson('1.2.0'),
      'index.js': 'exports.x = 1;\n',
    });
    const npmDigest = await put(npm);
    await run('wat2wasm', [join(fixture, 'wasm', 'add.wat'), '-o', join(dir, 'add.wasm')]);
    const wasmDigest = await put(await readFile(join(dir, 'add.wasm')));

    const tgz = { package: '@shiplog-fixture/native', fileName: 'native-1.2.0.tgz', digest: npmDigest };
    const checked = await checkArtifact(store, tgz, '1.2.0');
    expect(checked.tests.every((t) => t.passed)).toBe(true);
    expect(checked.secretsFound).toEqual([]);
    const wasm = { package: 'shiplog-fixture-add', fileName: 'add.wasm', digest: wasmDigest };
    expect((await checkArtifact(store, wasm, '1.2.0')).tests).toContainEqual({
      name: 'add(2, 3) = 5',
      passed: true,
    });
  });

  it('fails bytes that do not hash to the recorded digest', async () => {
    const digest = await put(Buffer.from('other bytes'), sha256(Buffer.from('the recorded bytes')));
    const checked = await checkArtifact(store, { package: 'x', fileName: 'x.tgz', digest }, '1.2.0');
    expect(checked.tests).toContainEqual({ name: 'bytes hash to the recorded digest', passed: false });
  });

  it('fails an artifact the store does not hold', async () => {
    const digest = sha256(Buffer.from('never stored'));
    const checked = await checkArtifact(store, { package: 'x', fileName: 'x.crate', digest }, '1.2.0');
    expect(checked.tests).toEqual([{ name: 'the artifact store holds the bytes', passed: false }]);
  });

  it('fails a package whose metadata names another version', async () => {
    const digest = await put(await tarball('stale', { 'package.json': packageJson('1.1.0') }));
    const tgz = { package: '@shiplog-fixture/native', fileName: 'native-1.2.0.tgz', digest };
    const checked = await checkArtifact(store, tgz, '1.2.0');
    expect(checked.tests).toContainEqual({
      name: 'package.json names the package and version',
      passed: false,
    });
  });

  it('names the file holding a private key', async () => {
    const key = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n';
    const digest = await put(
      await tarball('leaky', { 'package.json': packageJson('1.2.0'), 'deploy.pem': key }),
    );
    const tgz = { package: '@shiplog-fixture/native', fileName: 'native-1.2.0.tgz', digest };
    expect((await checkArtifact(store, tgz, '1.2.0')).secretsFound).toEqual(['package/deploy.pem']);
  });
});
