import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from '@shiplog/test/nats/freePort.ts';
import { startNatsServer } from '@shiplog/test/nats/natsServer.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readComposeFile, repoRoot, runShiplog } from './composeFile.ts';
import type { ComposeFile, ComposeService } from './composeFile.ts';

// Each check and command of docker-compose.yml, run outside Docker against the same programs:
// the container's host names and files moved to this machine.
let text: string;
let compose: ComposeFile;
beforeAll(async () => {
  const read = await readComposeFile();
  text = read.text;
  compose = read.document as ComposeFile;
});

function service(name: string): ComposeService {
  const found = compose.services[name];
  if (found === undefined) throw new Error(`no service ${name}`);
  return found;
}

/** Runs nats-ready's entrypoint + command (node from the shiplog image) with `nats:8222` moved here. */
function runNatsReady(
  monitor: string,
  timeoutSeconds: string,
): Promise<{ status: number | null; stderr: string }> {
  const { entrypoint = [], command = [] } = service('nats-ready');
  const [program, ...args] = [...entrypoint, ...command].map((word) =>
    word.replace('//nats:8222', `//${monitor}`).replace(/^120$/, timeoutSeconds),
  );
  expect(program).toBe('node');
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.once('close', (status) => resolve({ status, stderr })));
}

describe('docker-compose.yml checks, run against the real programs', () => {
  it('nats-ready waits while nats-server starts, and passes once it answers with JetStream', async () => {
    const port = await freePort();
    const waiting = runNatsReady(`127.0.0.1:${port}`, '30');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const nats = await startNatsServer({ jetstream: true, config: `http: "127.0.0.1:${port}"\n` });
    try {
      expect(await waiting).toEqual({ status: 0, stderr: '' });
    } finally {
      await nats.dispose();
    }
  });

  it('nats-ready fails, saying why, when nats-server never answers', async () => {
    const run = await runNatsReady(`127.0.0.1:${await freePort()}`, '1');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('is not healthy: connect ECONNREFUSED');
  });

  it('gives operators a `shiplog` tool service whose commands reach the ledger from the compose network', async () => {
    const tool = service('shiplog');
    expect(tool.profiles).toEqual(['tools']);
    const env = Object.fromEntries(
      Object.entries(tool.environment ?? {}).map(([k, v]) => [
        k,
        String(v)
          .replace(/\$\{(\w+):\?[^}]*\}/g, 'x')
          .replace(/\$\{\w+:-([^}]*)\}/g, '$1')
          .replace('//eventstore:2113', '//127.0.0.1:9')
          .replace(/^\/run\/secrets\/.*/, join(repoRoot, 'package.json')),
      ]),
    );
    const run = await runShiplog(['verify'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('EventStoreDB is unavailable');
  });

  it('builds an image with what the Python recipes need (python -m build)', async () => {
    const dockerfile = await readFile(join(repoRoot, 'Dockerfile'), 'utf8');
    const setup = await readFile(join(repoRoot, 'scripts', 'setup.sh'), 'utf8');
    // What the tests install on a developer's machine to run the same recipes.
    const pythonTools = (/SHIPLOG_DEBIAN_PACKAGES=\(([^)]*)\)/.exec(setup)?.[1] ?? '')
      .split(/\s+/)
      .filter((p) => p.startsWith('python3-'));
    expect(pythonTools).toContain('python3-build');
    for (const pkg of pythonTools) expect(dockerfile, pkg).toMatch(new RegExp(`\\b${pkg}\\b`));
  });

  it('cites only files that exist', () => {
    const cited = [...text.matchAll(/(?:^|[\s(`'"])((?:\.\/)?[\w-]+(?:\/[\w.-]+)*\.(?:md|ts|conf|json))\b/gm)]
      .map((m) => m[1] ?? '')
      .filter((path) => !path.startsWith('/'));
    expect(cited).toContain('docs/operations.md');
    expect(cited.filter((path) => !existsSync(join(repoRoot, path)))).toEqual([]);
  });
});
