import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import {
  BusErrorCode,
  createNatsBus,
  natsServerConfig,
  parseNatsUsers,
  passwordVariable,
} from '@shiplog/bus';
import { createSqliteEventStore } from '@shiplog/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeEvents } from '../ingest/ingestHarness.ts';
import { shiplog } from '../support/shiplogCli.ts';
import { join, resolve } from 'node:path';
import { startNatsServer } from '@shiplog/test/nats/natsServer.ts';
import type { NatsServer } from '@shiplog/test/nats/natsServer.ts';

const passwords = {
  emitter: 'emit-pw',
  ingest: 'ingest-pw',
  worker: 'worker-pw',
  release: 'release-pw',
  admin: 'admin-pw',
};
const deployDir = join(import.meta.dirname, '../../deploy/nats');
const cli = resolve(import.meta.dirname, '../../services/cli/bin/shiplog.js');

describe('deploy/nats/shiplog.conf (the compose file mounts it)', () => {
  let nats: NatsServer;
  let generated: string;
  beforeAll(async () => {
    const users = parseNatsUsers(JSON.parse(await readFile(join(deployDir, 'users.json'), 'utf8')));
    generated = natsServerConfig({
      users,
      tls: { certFile: '/run/secrets/tls-cert', keyFile: '/run/secrets/tls-key' },
    });
    for (const [user, password] of Object.entries(passwords)) process.env[passwordVariable(user)] = password;
    // Ports and the store directory are fixed in the file; the test server picks its own.
    // TLS has its own test (tls.e2e.spec.ts), with a certificate made there.
    const config = generated
      .replace('http: 8222\n', '')
      .replace('jetstream { store_dir: "/data" }\n', '')
      .replace(/^tls \{.*\}\n/m, '');
    nats = await startNatsServer({ jetstream: true, config });
  });
  afterAll(async () => nats?.dispose());

  it('is the generator output for users.json (run node scripts/natsConfig.ts after a change)', async () => {
    const file = await readFile(join(deployDir, 'shiplog.conf'), 'utf8');
    expect(file.split('\n').slice(1).join('\n')).toBe(generated);
  });

  it('lets the emitter publish events and nothing else, and keeps workers off the events subjects', async () => {
    const admin = await createNatsBus({ servers: nats.url, user: 'admin', password: passwords.admin });
    await admin.ensureTopology();
    const emitter = await createNatsBus({ servers: nats.url, user: 'emitter', password: passwords.emitter });
    const ack = await emitter.publishEvent(
      'shiplog.events.emitter.change.created',
      new TextEncoder().encode('{}'),
      {
        msgId: 'e1',
      },
    );
    expect(ack.duplicate).toBe(false);
    await expect(emitter.enqueueJob('build', new Uint8Array([1]))).rejects.toMatchObject({
      code: BusErrorCode.PermissionDenied,
    });
    await expect(
      emitter.publishEvent('shiplog.events.release.change.created', new Uint8Array([1]), { msgId: 'e2' }),
    ).rejects.toMatchObject({ code: BusErrorCode.PermissionDenied });
    const worker = await createNatsBus({ servers: nats.url, user: 'worker', password: passwords.worker });
    await expect(
      worker.publishEvent('shiplog.events.emitter.change.created', new Uint8Array([1]), { msgId: 'w1' }),
    ).rejects.toMatchObject({
      code: BusErrorCode.PermissionDenied,
    });
    await expect(createNatsBus({ servers: nats.url })).rejects.toMatchObject({
      code: BusErrorCode.PermissionDenied,
    });
    await Promise.all([admin.close(), emitter.close(), worker.close()]);
  });

  it('lets ingest create the topology and every worker kind start and stop under the worker account', async () => {
    const ingest = await createNatsBus({ servers: nats.url, user: 'ingest', password: passwords.ingest });
    await ingest.ensureTopology();
    await ingest.close();
    const dir = await mkdtemp(join(tmpdir(), 'shiplog-worker-account-'));
    try {
      for (const kind of ['build', 'sbom']) {
        const worker = await startService(['serve', 'worker', kind], 'worker', dir, 'worker started');
        worker.kill('SIGTERM');
        expect(await worker.exited).toBe(0);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('records what `shiplog emit` sends as the emitter user, through `shiplog serve ingest`', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shiplog-emitter-account-'));
    const ingest = await startService(['serve', 'ingest'], 'ingest', dir, 'ingest started');
    try {
      const [event] = changeEvents(1, 'deploy-conf');
      const emitted = await shiplog(['emit', '-'], {
        cwd: dir,
        env: {
          SHIPLOG_NATS_URL: nats.url,
          SHIPLOG_NATS_USER: 'emitter',
          SHIPLOG_NATS_PASSWORD: passwords.emitter,
        },
        stdin: JSON.stringify(event),
      });
      expect(emitted.code, emitted.stderr).toBe(0);
      const store = await createSqliteEventStore(join(dir, 'ledger.db'));
      try {
        expect(await store.readEvent('deploy-conf-0')).toMatchObject({ producer: 'nats:emitter' });
      } finally {
        await store.close();
      }
    } finally {
      ingest.kill('SIGTERM');
      await ingest.exited;
      await rm(dir, { recursive: true, force: true });
    }
  });

  /** `shiplog <args>` as the NATS `user` of the file, once its log says `ready`. */
  async function startService(
    args: readonly string[],
    user: keyof typeof passwords,
    dir: string,
    ready: string,
  ): Promise<ChildProcess & { readonly exited: Promise<number | null> }> {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: dir,
      env: {
        ...process.env,
        SHIPLOG_NATS_URL: nats.url,
        SHIPLOG_NATS_USER: user,
        SHIPLOG_NATS_PASSWORD: passwords[user],
        SHIPLOG_STORE: `sqlite:${join(dir, 'ledger.db')}`,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<number | null>((done) => child.once('exit', done));
    await new Promise<void>((started, fail) => {
      let log = '';
      child.stderr.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes(ready)) started();
      });
      void exited.then((code) => fail(new Error(`shiplog ${args.join(' ')} exited with ${code}: ${log}`)));
    });
    return Object.assign(child, { exited });
  }
});
