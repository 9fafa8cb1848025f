import { execFileSync, spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createNatsBus, passwordVariable } from '@shiplog/bus';
import { natsTestServerConfig, natsTestUsers as users } from '@shiplog/bus/testing';
import { natsOptionsOf, parseShiplogConfig } from '@shiplog/config';
import { startNatsServer } from '@shiplog/test/nats/natsServer.ts';
import type { NatsServer } from '@shiplog/test/nats/natsServer.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readComposeFile, repoRoot } from './composeFile.ts';
import type { ComposeFile } from './composeFile.ts';

const cli = resolve(import.meta.dirname, '../../services/cli/bin/shiplog.js');
let dir: string;
let cert: string;
let key: string;
let nats: NatsServer;
let api: ChildProcess | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-tls-'));
  cert = join(dir, 'server.crt');
  key = join(dir, 'server.key');
  // A self-signed certificate for this machine's loopback, made now: it is its own CA.
  execFileSync('openssl', [
    ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'],
    ...['-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=shiplog-test'],
    ...['-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
  ]);
  for (const { user } of users) process.env[passwordVariable(user)] = `${user}-tls-pw`;
  const config = natsTestServerConfig({ users, tls: { certFile: cert, keyFile: key } });
  nats = await startNatsServer({ jetstream: true, config });
});
afterAll(async () => {
  api?.kill('SIGKILL');
  await nats?.dispose();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('TLS for NATS (SHIPLOG_NATS_TLS_CA) and the API (SHIPLOG_API_TLS_CERT/KEY)', () => {
  it('connects to a nats-server that requires TLS, trusting the CA file the settings name', async () => {
    const env = {
      SHIPLOG_NATS_URL: nats.url,
      SHIPLOG_NATS_USER: 'admin',
      SHIPLOG_NATS_PASSWORD: 'admin-tls-pw',
      SHIPLOG_NATS_TLS_CA: cert,
    };
    const options = natsOptionsOf(parseShiplogConfig(env), 'tls-test');
    if (options === undefined) throw new Error('no NATS options');
    const bus = await createNatsBus(options);
    try {
      await bus.ensureTopology();
      expect(await bus.queueDepth('build')).toBe(0);
    } finally {
      await bus.close();
    }
    // Without the CA the server's certificate is not trusted; without TLS the server refuses.
    const { tls: _, ...plain } = options;
    await expect(createNatsBus({ ...plain, tls: {}, connectTimeoutMs: 2_000 })).rejects.toThrow();
    await expect(createNatsBus({ ...plain, connectTimeoutMs: 2_000 })).rejects.toThrow();
  });

  it('serves the API over HTTPS with the certificate and key files the settings name', async () => {
    const child = spawn(process.execPath, [cli, 'serve', 'api'], {
      cwd: dir,
      env: {
        ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SHIPLOG_'))),
        SHIPLOG_STORE: `sqlite:${join(dir, 'ledger.db')}`,
        SHIPLOG_API_PORT: '0',
        SHIPLOG_API_TOKENS: `auditor:auditor:${'0'.repeat(64)}`,
        SHIPLOG_API_TLS_CERT: cert,
        SHIPLOG_API_TLS_KEY: key,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    api = child;
    const url = await new Promise<string>((resolveUrl, reject) => {
      let log = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        log += chunk;
        const listening = /"url":"(https:\/\/[^"]+)"/.exec(log);
        if (listening?.[1] !== undefined) resolveUrl(listening[1]);
      });
      child.once('exit', (code) => reject(new Error(`api exited with ${code}: ${log}`)));
    });
    const ca = await readFile(cert, 'utf8');
    const status = await new Promise<number | undefined>((resolveStatus, reject) => {
      get(`${url}/healthz`, { ca }, (response) => {
        response.resume();
        resolveStatus(response.statusCode);
      }).once('error', reject);
    });
    expect(status).toBe(200);
    // docker-compose.yml's healthcheck of the api, with its secret and port moved here.
    const { document } = await readComposeFile();
    const check = (document as ComposeFile).services.api?.healthcheck?.test ?? [];
    expect(check.slice(0, 3)).toEqual(['CMD', 'node', 'deploy/waitHealthy.ts']);
    const port = new URL(url).port;
    const args = check
      .slice(2)
      .map((word) =>
        word.replace('/run/secrets/tls-ca', cert).replace('localhost:8080', `localhost:${port}`),
      );
    expect(spawnSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8' })).toMatchObject({
      status: 0,
      stderr: '',
    });
    // Plain HTTP on that port gets no answer a client could read as the API's.
    const plain = await fetch(url.replace('https:', 'http:') + '/healthz').then(
      (r) => r.status,
      () => 'refused',
    );
    expect(plain).not.toBe(200);
  });
});
