import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDockerRegistry } from '../../test/support/registries/dockerRegistry.ts';
import type { DockerRegistry } from '../../test/support/registries/dockerRegistry.ts';
import { wasmSmokeCheck } from './wasmSmokeCheck.ts';

const run = promisify(execFile);
const wat = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'release', 'wasm', 'add.wat');
const repository = 'shiplog-fixture/add';
let registry: DockerRegistry;
let auth: string;
let dir: string;
let wasm: Buffer;
let digest: string;

const sha256 = (bytes: Uint8Array): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** Pushes a blob the way any OCI client does: a monolithic upload, named by `as`. */
async function pushBlob(bytes: Uint8Array, as: string): Promise<void> {
  const headers = { authorization: `Basic ${Buffer.from(auth).toString('base64')}` };
  const started = await fetch(`${registry.url}/v2/${repository}/blobs/uploads/`, { method: 'POST', headers });
  const location = new URL(started.headers.get('location') ?? '', registry.url);
  location.searchParams.set('digest', as);
  const put = await fetch(location, {
    method: 'PUT',
    headers: { ...headers, 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  if (put.status !== 201) throw new Error(`push ${as}: HTTP ${put.status} ${await put.text()}`);
}

beforeAll(async () => {
  registry = await startDockerRegistry({ auth: true });
  const credentials = registry.credentials;
  if (credentials === undefined) throw new Error('docker-registry started without credentials');
  auth = `${credentials.username}:${credentials.password}`;
  dir = await mkdtemp(join(tmpdir(), 'shiplog-demo-wasm-'));
  await run('wat2wasm', [wat, '-o', join(dir, 'add.wasm')]);
  wasm = await readFile(join(dir, 'add.wasm'));
  digest = sha256(wasm);
  await pushBlob(wasm, digest);
});

afterAll(async () => {
  await registry?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('the demo post-deploy check (wasmSmokeCheck)', () => {
  it('fetches the published module by digest and runs add(2, 3)', async () => {
    const checks = await wasmSmokeCheck(`${registry.url}/${repository}`, digest, auth);
    expect(checks.map((c) => [c.name, c.outcome])).toEqual([
      ['fetch', 'pass'],
      ['add(2, 3)', 'pass'],
    ]);
    expect(checks[1]?.detail).toBe('add(2, 3) = 5');
  });

  it('fails the check when the registry does not have those bytes', async () => {
    const absent = sha256(Buffer.from('not published'));
    const checks = await wasmSmokeCheck(`${registry.url}/${repository}`, absent, auth);
    expect(checks).toEqual([expect.objectContaining({ name: 'fetch', outcome: 'fail' })]);
    expect(checks[0]?.detail).toContain('HTTP 404');
  });

  it('fails the check when the registry refuses the credentials', async () => {
    const checks = await wasmSmokeCheck(`${registry.url}/${repository}`, digest, 'shiplog:wrong-password');
    expect(checks).toEqual([expect.objectContaining({ name: 'fetch', outcome: 'fail' })]);
    expect(checks[0]?.detail).toContain('HTTP 401');
  });

  it('makes the demo step exit 1 after printing the failed verification, which is still a fact to record', async () => {
    const absent = sha256(Buffer.from('not published either'));
    const helper = join(import.meta.dirname, 'demoEvents.ts');
    const result = await run(
      process.execPath,
      [helper, 'deploy', 'staging', absent, `${registry.url}/${repository}`],
      {
        env: { ...process.env, OCI_AUTH: auth },
      },
    ).then(
      () => ({ code: 0, stdout: '', stderr: '' }),
      (err: { code: number; stdout: string; stderr: string }) => err,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('post-deploy verification failed');
    const events = result.stdout
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as { context: { type: string }; subject: { content: { outcome?: string } } },
      );
    const verified = events.find((e) => e.context.type === 'dev.cdeventsx.shiplog-deployment.verified.0.1.0');
    expect(verified?.subject.content.outcome).toBe('fail');
  });
});
