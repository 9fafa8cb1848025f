import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import {
  BusErrorCode,
  createNatsBus,
  natsServerConfig,
  parseNatsUsers,
  passwordVariable,
} from '@shiplog/bus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

describe('deploy/nats/shiplog.conf (the compose file mounts it)', () => {
  let nats: NatsServer;
  let generated: string;
  beforeAll(async () => {
    const users = parseNatsUsers(JSON.parse(await readFile(join(deployDir, 'users.json'), 'utf8')));
    generated = natsServerConfig({ users });
    for (const [user, password] of Object.entries(passwords)) process.env[passwordVariable(user)] = password;
    // Ports and the store directory are fixed in the file; the test server picks its own.
    const config = generated.replace('http: 8222\n', '').replace('jetstream { store_dir: "/data" }\n', '');
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
    const cli = resolve(import.meta.dirname, '../../services/cli/bin/shiplog.js');
    try {
      for (const kind of ['build', 'sbom', 'gate']) {
        const child = spawn(process.execPath, [cli, 'serve', 'worker', kind], {
          cwd: dir,
          env: {
            ...process.env,
            SHIPLOG_NATS_URL: nats.url,
            SHIPLOG_NATS_USER: 'worker',
            SHIPLOG_NATS_PASSWORD: passwords.worker,
            SHIPLOG_STORE: `sqlite:${join(dir, 'ledger.db')}`,
          },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        const exited = new Promise<number | null>((done) => child.once('exit', done));
        await new Promise<void>((ready, fail) => {
          let log = '';
          child.stderr.on('data', (chunk: Buffer) => {
            log += chunk.toString();
            if (log.includes('worker started')) ready();
          });
          void exited.then((code) => fail(new Error(`worker ${kind} exited with ${code}: ${log}`)));
        });
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
