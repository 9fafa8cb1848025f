import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReleasePackage } from '@shiplog/release';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerErrorCode } from '../errors.ts';
import { registryCredential } from './registryCredential.ts';

let home: string;
const pkg = (
  ecosystem: ReleasePackage['ecosystem'],
  credentials: ReleasePackage['registry']['credentials'],
) =>
  ({
    name: 'thing',
    ecosystem,
    dependsOn: [],
    build: { source: 'src', command: ['make'], outputs: ['out'], platform: 'any' },
    registry: { url: 'https://registry.example.com', credentials },
  }) as ReleasePackage;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'shiplog-credentials-'));
  await mkdir(join(home, '.docker'));
  const auth = Buffer.from('robot:s3cret').toString('base64');
  await writeFile(
    join(home, '.docker', 'config.json'),
    JSON.stringify({ auths: { 'registry.example.com': { auth } } }),
  );
  await writeFile(join(home, 'token'), 'tok-123\n');
  await writeFile(join(home, 'empty'), '\n');
});
afterAll(() => rm(home, { recursive: true, force: true }));

describe('registryCredential', () => {
  it('reads the named environment variable', async () => {
    const credential = await registryCredential(pkg('npm', { from: 'env', variable: 'NPM_TOKEN' }), {
      env: { NPM_TOKEN: 'npm-abc' },
    });
    expect(credential).toBe('npm-abc');
  });

  it('reads a token file, and a docker config.json for OCI (with ~ as HOME)', async () => {
    const env = { HOME: home };
    expect(await registryCredential(pkg('cargo', { from: 'file', path: '~/token' }), { env })).toBe(
      'tok-123',
    );
    expect(
      await registryCredential(pkg('oci-wasm', { from: 'file', path: '~/.docker/config.json' }), { env }),
    ).toBe('robot:s3cret');
  });

  it('fails with CREDENTIALS_MISSING, without the secret, when a source is empty or absent', async () => {
    const cases: [ReleasePackage, Record<string, string>][] = [
      [pkg('npm', { from: 'env', variable: 'NPM_TOKEN' }), {}],
      [pkg('npm', { from: 'env', variable: 'NPM_TOKEN' }), { NPM_TOKEN: '' }],
      [pkg('cargo', { from: 'file', path: '~/empty' }), { HOME: home }],
      [pkg('cargo', { from: 'file', path: '~/absent' }), { HOME: home }],
      [pkg('cargo', { from: 'oidc', audience: 'crates.io' }), {}],
      [pkg('npm', { from: 'oidc', audience: 'npm' }), { SHIPLOG_OIDC_TOKEN: 'jwt-secret' }],
    ];
    for (const [p, env] of cases) {
      const failure = await registryCredential(p, { env }).then(
        () => undefined,
        (err: unknown) => err as { code: string; message: string },
      );
      expect(failure?.code).toBe(WorkerErrorCode.CredentialsMissing);
      expect(failure?.message).not.toContain('jwt-secret');
    }
  });
});
