import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { passwordVariable } from '@shiplog/bus';
import { natsTestServerConfig, natsTestUsers as users } from '@shiplog/bus/testing';
import { startNatsServer } from '@shiplog/test/nats/natsServer.ts';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { shiplog } from '../support/shiplogCli.ts';
import { changeEvents, createIngestWorld } from './ingestHarness.ts';
import type { IngestWorld } from './ingestHarness.ts';

interface EmitJson {
  summary: { recorded: number; failed: number };
  events: { status: string; code?: string; message?: string }[];
}

const cli = resolve(import.meta.dirname, '../../services/cli/bin/shiplog.js');
const notice = /shiplog emit: no answer yet from ingest after \d+ s, still retrying/;

let dir: string;
let file: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-emit-report-'));
  file = join(dir, 'events.ndjson');
  await writeFile(
    file,
    changeEvents(3, 'late')
      .map((e) => JSON.stringify(e))
      .join('\n') + '\n',
  );
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('shiplog emit while ingest is down', () => {
  let world: IngestWorld;
  beforeEach(async () => {
    world = await createIngestWorld();
  });
  afterEach(async () => world?.dispose());
  const env = () => ({ SHIPLOG_NATS_URL: world.nats.url, SHIPLOG_NAMESPACE: world.namespace });

  it('says so on stderr within seconds, keeps retrying, and reports every event at the end with --json (exit 1)', async () => {
    const run = await shiplog(['emit', '--json', file], {
      cwd: dir,
      env: { ...env(), SHIPLOG_EMIT_ANSWER_TIMEOUT_MS: '1500' },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(notice);
    const report = JSON.parse(run.stdout) as EmitJson;
    expect(report.summary).toMatchObject({ recorded: 0, failed: 3 });
    for (const event of report.events) {
      expect(event).toMatchObject({ status: 'failed', code: 'EMIT_NO_ANSWER' });
      // Not lost: the event waits in the stream for ingest, and emitting it again is safe.
      expect(event.message).toContain(`kept in ${world.namespace}-events`);
      expect(event.message).toContain('shiplog serve ingest');
    }
  });

  it('gets every answer once ingest starts after the notice (exit 0)', async () => {
    const child = spawn(process.execPath, [cli, 'emit', file], {
      cwd: dir,
      env: { ...process.env, ...env() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const noticed = new Promise<void>((resolveNotice) =>
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        if (notice.test(stderr)) resolveNotice();
      }),
    );
    const exited = new Promise<number | null>((resolveExit) => child.once('close', resolveExit));
    await noticed;
    await world.startInProcess();
    expect(await exited).toBe(0);
    expect(stdout).toContain('3 recorded, 0 duplicate, 0 refused');
    expect(await world.records()).toHaveLength(3);
  });
});

describe('shiplog emit as a NATS user that may not emit', () => {
  it('names the permission violation and the subject, not "no answer" (exit 1)', async () => {
    for (const { user } of users) process.env[passwordVariable(user)] = `${user}-pw`;
    const config = natsTestServerConfig({ users });
    const nats = await startNatsServer({ jetstream: true, config });
    try {
      const run = await shiplog(['emit', '--json', file], {
        cwd: dir,
        env: { SHIPLOG_NATS_URL: nats.url, SHIPLOG_NATS_USER: 'worker', SHIPLOG_NATS_PASSWORD: 'worker-pw' },
      });
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as EmitJson;
      expect(report.summary.failed).toBe(3);
      const [first] = report.events;
      expect(first).toMatchObject({ status: 'failed', code: 'EMIT_PERMISSION_DENIED' });
      expect(first?.message).toMatch(/Permissions Violation/i);
      expect(first?.message).toContain('shiplog.events.worker.change.created');
    } finally {
      await nats.dispose();
    }
  });
});
