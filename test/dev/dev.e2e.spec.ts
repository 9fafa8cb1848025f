import { createHash, generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCDEvent, toStructuredCloudEvent } from '@shiplog/events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shiplog } from '../support/shiplogCli.ts';
import { spawnDev, summaryOf } from './devProcess.ts';
import type { DevProcess } from './devProcess.ts';

const pipeline = join(import.meta.dirname, '..', '..', 'examples', 'checkout-pipeline.ndjson');

let dir: string;
const running: DevProcess[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-dev-'));
});

afterEach(async () => {
  // SIGKILL: a test that failed must not leave a server behind.
  await Promise.all(running.splice(0).map((dev) => dev.stop('SIGKILL')));
  await rm(dir, { recursive: true, force: true });
});

function start(args: readonly string[], env: Record<string, string> = {}): DevProcess {
  const dev = spawnDev(args, dir, env);
  running.push(dev);
  return dev;
}

/** The pipeline's events, each as a structured-mode CloudEvent body. */
async function pipelineEvents(): Promise<{ id: string; body: string }[]> {
  const lines = (await readFile(pipeline, 'utf8')).split('\n').filter((l) => l.trim() !== '');
  return lines.map((line) => {
    const parsed = parseCDEvent(JSON.parse(line));
    if (!parsed.ok) throw new Error(`example event does not parse: ${JSON.stringify(parsed.problems)}`);
    return { id: parsed.event.context.id, body: JSON.stringify(toStructuredCloudEvent(parsed.event)) };
  });
}

function post(url: string, body: string, token?: string): Promise<Response> {
  return fetch(`${url}/v1/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/cloudevents+json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body,
  });
}

describe('shiplog dev', () => {
  it('records CloudEvents over HTTP, answers from live projections, and stops cleanly on SIGINT', async () => {
    const dev = start(['--port', '0', '--json'], { SHIPLOG_CHECKPOINT_EVERY: '5' });
    const summary = await summaryOf(dev);
    expect(summary).toMatchObject({ store: 'sqlite:./.shiplog/ledger.db', bus: 'in-process' });
    expect([...summary.workers].sort()).toEqual(['build', 'sbom']);
    expect(summary.api.openapi).toBe(`${summary.api.url}/v1/openapi.json`);
    const token = summary.token;
    if (token === undefined) throw new Error('no token was generated');
    expect((await fetch(summary.api.openapi)).status).toBe(200);
    expect(summary.api.web).toBe(`${summary.api.url}/`);
    expect((await fetch(summary.api.web)).headers.get('content-type')).toContain('text/html');

    const events = await pipelineEvents();
    const upToStaging = events.slice(0, events.findIndex((e) => e.id === 'demo-11') + 1);
    expect((await post(summary.api.url, upToStaging[0]?.body ?? '')).status).toBe(401);
    for (const event of upToStaging) {
      const response = await post(summary.api.url, event.body, token);
      expect({ id: event.id, status: response.status }).toEqual({ id: event.id, status: 201 });
    }
    const deployed = await fetch(`${summary.api.url}/v1/deployed?env=staging`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(deployed.status).toBe(200);
    const answer = (await deployed.json()) as { services: { service: string; eventId: string }[] };
    expect(answer.services).toEqual([expect.objectContaining({ service: 'checkout', eventId: 'demo-09' })]);

    expect(await dev.stop('SIGINT')).toBe(0);
    // One JSON document on stdout, nothing else; the token reached stderr once, outside the logs.
    expect(dev.stdout().trim().split('\n')).toHaveLength(1);
    expect(dev.stderr().split(token)).toHaveLength(2);
    expect(dev.stderr()).toContain(`API token for this run (role admin): ${token}\n`);

    const verify = await shiplog(['verify', '--json'], { cwd: dir });
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, count: upToStaging.length });
    // Checkpoints were signed as the log grew (every 5 records) and of the whole log on stop, with
    // a key made for the ledger, whose public half the summary printed.
    const { checkpoints } = JSON.parse(verify.stdout) as {
      checkpoints: { checkpoints: number; signatures: string; latest: { treeSize: number } };
    };
    expect(checkpoints.checkpoints).toBeGreaterThanOrEqual(2);
    expect(checkpoints).toMatchObject({ signatures: 'verified', latest: { treeSize: upToStaging.length } });
    const { publicKey } = (summary as unknown as { checkpoints: { publicKey: string } }).checkpoints;
    expect(dev.stderr()).toContain(`made a checkpoint key in ${join(dir, '.shiplog', 'checkpoint.key')}`);
    expect((await shiplog(['verify', '--key', publicKey], { cwd: dir })).code).toBe(0);
    const afterwards = await shiplog(['deployed', '--env', 'staging', '--json'], { cwd: dir });
    expect(afterwards.code).toBe(0);
    expect(JSON.parse(afterwards.stdout)).toMatchObject({ services: [{ service: 'checkout' }] });
  });

  it('uses configured tokens and signing key, generates no token, and stops on SIGTERM', async () => {
    const secret = 'ci-emitter-secret';
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    await writeFile(join(dir, 'signing.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const dev = start(['--port=0', '--json'], {
      SHIPLOG_API_TOKENS: `ci:emitter:${createHash('sha256').update(secret).digest('hex')}`,
      SHIPLOG_SIGNING_KEY_FILE: 'signing.pem',
      SHIPLOG_SIGNING_KEY_HINT: 'dev-key',
      SHIPLOG_STORE: 'sqlite:./ledger/elsewhere.db',
    });
    const summary = await summaryOf(dev);
    expect(summary.token).toBeUndefined();
    expect(summary.store).toBe('sqlite:./ledger/elsewhere.db');
    expect([...summary.workers].sort()).toEqual(['build', 'sbom', 'sign']);
    const [first] = await pipelineEvents();
    expect((await post(summary.api.url, first?.body ?? '', secret)).status).toBe(201);
    expect(await dev.stop('SIGTERM')).toBe(0);
    expect(dev.stderr()).not.toContain('API token for this run');
    expect(existsSync(join(dir, 'ledger', 'elsewhere.db'))).toBe(true);
  });

  // Each bad setting is covered by devConfig.int.spec.ts; these show the process's outcome.
  it.each<{ name: string; env: Record<string, string>; setting: string }>([
    { name: 'a NATS URL', env: { SHIPLOG_NATS_URL: 'nats://127.0.0.1:4222' }, setting: 'SHIPLOG_NATS_URL' },
    {
      name: 'a missing signing key',
      env: { SHIPLOG_SIGNING_KEY_FILE: 'absent.pem', SHIPLOG_SIGNING_KEY_HINT: 'k' },
      setting: 'SHIPLOG_SIGNING_KEY_FILE',
    },
  ])('exits 1 naming the setting, touching nothing, given $name', async ({ env, setting }) => {
    const dev = start(['--port', '0', '--json'], env);
    expect(await dev.exited).toBe(1);
    expect(dev.stderr()).toContain(setting);
    expect(dev.stdout()).toBe('');
    expect(existsSync(join(dir, '.shiplog'))).toBe(false);
  });

  it('exits 2 on a usage error, showing the usage', async () => {
    const dev = start(['--port', 'http', '--json']);
    expect(await dev.exited).toBe(2);
    expect(dev.stderr()).toContain('usage: shiplog dev');
    expect(dev.stdout()).toBe('');
  });

  describe('when the port is taken', () => {
    let blocker: Server;
    beforeEach(async () => {
      blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    });
    afterEach(async () => {
      await new Promise<void>((resolve) => blocker.close(() => resolve()));
    });

    it('exits 1 and leaves a ledger that verifies', async () => {
      const { port } = blocker.address() as AddressInfo;
      const dev = start(['--port', String(port), '--json']);
      expect(await dev.exited).toBe(1);
      expect(dev.stderr()).toContain('EADDRINUSE');
      expect(dev.stdout()).toBe('');
      expect((await shiplog(['verify'], { cwd: dir })).code).toBe(0);
    });
  });
});
