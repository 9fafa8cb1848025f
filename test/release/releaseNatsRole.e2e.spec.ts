import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { passwordVariable } from '@shiplog/bus';
import { natsTestServerConfig, natsTestUsers as users } from '@shiplog/bus/testing';
import { startNatsServer } from '@shiplog/test/nats/natsServer.ts';
import type { NatsServer } from '@shiplog/test/nats/natsServer.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shiplog } from '../support/shiplogCli.ts';

const manifest = resolve(import.meta.dirname, '../fixtures/release/shiplog-release.json');
let nats: NatsServer;
let dir: string;
beforeAll(async () => {
  for (const { user } of users) process.env[passwordVariable(user)] = `${user}-pw`;
  // What deploy/nats/shiplog.conf is generated as; the test server picks its own port and store.
  const config = natsTestServerConfig({ users });
  nats = await startNatsServer({ jetstream: true, config });
  dir = await mkdtemp(join(tmpdir(), 'shiplog-release-role-'));
});
afterAll(async () => {
  await nats?.dispose();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('shiplog release run over NATS as an emitter', () => {
  it('fails at the first job, naming the release role it needs, instead of waiting', async () => {
    const run = await shiplog(['release', 'run', manifest], {
      cwd: dir,
      env: {
        SHIPLOG_NATS_URL: nats.url,
        SHIPLOG_NATS_USER: 'ci',
        SHIPLOG_NATS_PASSWORD: 'ci-pw',
        SHIPLOG_STORE: `sqlite:${join(dir, 'ledger.db')}`,
      },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('only a NATS user with the release role may issue jobs');
    expect(run.stderr).toContain('Permissions Violation for Publish to "shiplog.jobs.build.any"');
  });
});
