import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseFixtureDir, tempDir } from '../support/registries/fixtures.ts';
import { shiplog } from '../support/shiplogCli.ts';
import type { CliRun } from '../support/shiplogCli.ts';
import { ledgerData, releaseSettings, startEchoingRegistry } from './echoingRegistry.ts';
import type { EchoingRegistry } from './echoingRegistry.ts';
import { parseReleaseJson } from './releaseJson.ts';
import type { ReleaseRunJson } from './releaseJson.ts';

// A registry (or a proxy in front of it) that echoes the credential it was sent in its error
// body. The release fails and says why, but the credential is in no recorded event and no output.
const TOKEN = 'oci-bearer-7f3a9c1e5d2b8046';
const ROBOT = { user: 'robot', password: 'docker-pass-51c0e7a9' };
const basic = Buffer.from(`${ROBOT.user}:${ROBOT.password}`).toString('base64');
const forms = [TOKEN, ROBOT.password, basic];

let dir: string;
let registry: EchoingRegistry;
let run: CliRun;
let report: ReleaseRunJson;

const wasmPackage = (name: string, registryUrl: string, credentials: unknown) => ({
  name,
  ecosystem: 'oci-wasm',
  build: { source: 'wasm', command: ['wat2wasm', 'add.wat', '-o', 'add.wasm'], outputs: ['add.wasm'] },
  registry: { url: registryUrl, repository: `acme/${name}`, credentials },
});

beforeAll(async () => {
  registry = await startEchoingRegistry();
  dir = await tempDir('release-secrets');
  await cp(join(releaseFixtureDir, 'wasm'), join(dir, 'wasm'), { recursive: true });
  await mkdir(join(dir, 'docker'));
  const host = new URL(registry.url).host;
  await writeFile(join(dir, 'docker', 'config.json'), JSON.stringify({ auths: { [host]: { auth: basic } } }));
  await writeFile(
    join(dir, 'shiplog-release.json'),
    JSON.stringify({
      release: 'echo',
      version: '1.0.0',
      packages: [
        wasmPackage('by-token', registry.url, { from: 'env', variable: 'OCI_TOKEN' }),
        wasmPackage('by-docker-config', registry.url, {
          from: 'file',
          path: join(dir, 'docker', 'config.json'),
        }),
      ],
    }),
  );
  run = await shiplog(['release', 'run', 'shiplog-release.json', '--json'], {
    cwd: dir,
    env: { ...(await releaseSettings(dir)), OCI_TOKEN: TOKEN },
  });
  report = parseReleaseJson(run.stdout, run.stderr);
}, 120_000);

afterAll(async () => {
  await registry?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('a registry that echoes the credential in its error body', () => {
  it('was sent both credentials (the attack is real)', () => {
    expect(registry.seen).toContain(`Bearer ${TOKEN}`);
    expect(registry.seen).toContain(`Basic ${basic}`);
  });

  it('fails the release with the registry’s error, the credential redacted', () => {
    expect(run.code).toBe(1);
    expect(report.status).toBe('failed');
    const errors = report.packages.map((p) => p.error);
    expect(errors.map((e) => e?.code)).toEqual(['REGISTRY_AUTH_FAILED', 'REGISTRY_AUTH_FAILED']);
    for (const error of errors)
      expect(error?.message).toMatch(/401 bad credentials: (Bearer|Basic) \[REDACTED\]/);
  });

  it('prints the credential nowhere: not in the JSON document, the progress lines or the logs', () => {
    expect(run.stderr).toContain('[REDACTED]');
    for (const form of forms) {
      expect(run.stdout).not.toContain(form);
      expect(run.stderr).not.toContain(form);
    }
  });

  it('records the credential in no event of the ledger', async () => {
    const data = await ledgerData(dir);
    expect(data.find((d) => d.includes('"summary"'))).toContain('REGISTRY_AUTH_FAILED');
    for (const form of forms) expect(data.filter((d) => d.includes(form))).toEqual([]);
  });
});
