import { cp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseFixtureDir, tempDir } from '../support/registries/fixtures.ts';
import { shiplog } from '../support/shiplogCli.ts';
import type { CliRun } from '../support/shiplogCli.ts';
import { echoAuthorization, ledgerData, releaseSettings, startEchoingRegistry } from './echoingRegistry.ts';
import type { EchoingRegistry } from './echoingRegistry.ts';
import { parseReleaseJson } from './releaseJson.ts';

// Trusted publishing to a crates registry that echoes what it was sent: first it refuses the CI
// job's OIDC token quoting it, then it mints a token and echoes that one when the upload uses it.
const OIDC_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.oidc-claims-3b7e.signature-9d41';
const MINTED = 'cio-minted-short-lived-0c5f2e81';

let dir: string;
let registry: EchoingRegistry;
let settings: Record<string, string>;
let mint = false;

const release = (command: 'run' | 'resume', target: string): Promise<CliRun> =>
  shiplog(['release', command, target, '--json'], {
    cwd: dir,
    env: { ...settings, SHIPLOG_OIDC_TOKEN: OIDC_TOKEN },
  });

function expectNowhere(run: CliRun, data: readonly string[], secret: string): void {
  expect(run.stdout).not.toContain(secret);
  expect(run.stderr).not.toContain(secret);
  expect(data.filter((d) => d.includes(secret))).toEqual([]);
}

beforeAll(async () => {
  registry = await startEchoingRegistry((req, body, res) => {
    if (req.url?.startsWith('/index/') === true) {
      res.writeHead(404).end();
    } else if (req.url === '/api/v1/trusted_publishing/tokens' && !mint) {
      const jwt = (JSON.parse(body) as { jwt?: string }).jwt ?? '';
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ detail: `no trusted publisher for the token ${jwt}` }] }));
    } else if (req.url === '/api/v1/trusted_publishing/tokens') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token: MINTED }));
    } else echoAuthorization(req, body, res);
  });
  dir = await tempDir('release-oidc-secrets');
  await cp(join(releaseFixtureDir, 'crates'), join(dir, 'crates'), { recursive: true });
  settings = await releaseSettings(dir);
  await writeFile(
    join(dir, 'shiplog-release.json'),
    JSON.stringify({
      release: 'oidc-echo',
      version: '1.2.0',
      packages: [
        {
          name: 'shiplog-fixture-core',
          ecosystem: 'cargo',
          build: {
            source: 'crates',
            command: [
              'cargo',
              'package',
              '-p',
              'shiplog-fixture-core',
              '--offline',
              '--no-verify',
              '--allow-dirty',
            ],
            outputs: ['target/package/shiplog-fixture-core-1.2.0.crate'],
          },
          registry: {
            url: registry.url,
            index: `sparse+${registry.url}/index/`,
            credentials: { from: 'oidc', audience: 'crates.io' },
          },
        },
      ],
    }),
  );
}, 60_000);

afterAll(async () => {
  await registry?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('trusted publishing through a registry that echoes tokens', () => {
  it('fails on the refused OIDC token, saying so, with the token in no output and no event', async () => {
    const run = await release('run', 'shiplog-release.json');
    const report = parseReleaseJson(run.stdout, run.stderr);
    expect(registry.seen.some((s) => s.includes(OIDC_TOKEN))).toBe(true);
    expect(run.code).toBe(1);
    expect(report.error?.code).toBe('REGISTRY_AUTH_FAILED');
    expect(report.error?.message).toContain('no trusted publisher for the token [REDACTED]');
    expectNowhere(run, await ledgerData(dir), OIDC_TOKEN);
  }, 120_000);

  it('fails on the upload echoing the minted token, with neither token in any output or event', async () => {
    mint = true;
    const run = await release('resume', 'oidc-echo@1.2.0');
    const report = parseReleaseJson(run.stdout, run.stderr);
    expect(registry.seen).toContain(MINTED);
    expect(run.code).toBe(1);
    expect(report.packages[0]?.error?.message).toContain('bad credentials: [REDACTED]');
    const data = await ledgerData(dir);
    expectNowhere(run, data, MINTED);
    expectNowhere(run, data, OIDC_TOKEN);
  }, 120_000);
});
