import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bus } from '@shiplog/bus';
import { createNatsBus } from '@shiplog/bus';
import { createRecorder } from '@shiplog/ledger';
import { createRedactor } from '@shiplog/registries';
import { parseReleaseManifest } from '@shiplog/release';
import { openStore } from '@shiplog/store';
import type { EventStore } from '@shiplog/store';
import { startNatsServer } from '@shiplog/test/nats/natsServer.ts';
import type { NatsServer } from '@shiplog/test/nats/natsServer.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJobOf } from './buildJobs.ts';
import { enqueueJob } from './enqueueJob.ts';
import { recordRunStarted } from './release/recordRunStarted.ts';
import { workerJobQueues } from './startWorker.ts';

const main = join(import.meta.dirname, 'main.ts');
let server: NatsServer;
let dir: string;
let bus: Bus;
let store: EventStore;
const children = new Set<ChildProcess>();

function startWorkerProcess(runner: string): ChildProcess {
  const child = spawn(process.execPath, [main, 'build'], {
    cwd: dir,
    // Its own process group, so killing it also kills the recipe it is running.
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
      SHIPLOG_NATS_URL: server.url,
      SHIPLOG_STORE: `sqlite:${join(dir, 'ledger.db')}`,
      SHIPLOG_ARTIFACTS_DIR: join(dir, 'artifacts'),
      SHIPLOG_WORKER_ACK_WAIT_MS: '2000',
      SHIPLOG_WORKER_RUNNER: runner,
      SHIPLOG_LOG_LEVEL: 'warn',
    },
  });
  children.add(child);
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-(child.pid as number), 'SIGKILL');
  await exited;
  children.delete(child);
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function eventsOfType(type: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const record of store.readAll()) if (record.type === type) ids.push(record.id);
  return ids;
}

beforeAll(async () => {
  server = await startNatsServer({ jetstream: true });
  dir = await mkdtemp(join(tmpdir(), 'shiplog-crash-'));
  await mkdir(join(dir, 'src'));
  // The first attempt marks that it started and hangs (the worker is killed there); a redelivered
  // attempt finds the mark and builds.
  await writeFile(
    join(dir, 'src', 'build.sh'),
    'if [ -e "$MARK" ]; then printf "built" > out.bin; else touch "$MARK"; sleep 300; fi\n',
  );
  bus = await createNatsBus({ servers: server.url, topology: { jobQueues: workerJobQueues } });
  await bus.ensureTopology();
  store = await openStore(`sqlite:${join(dir, 'ledger.db')}`);
}, 60_000);

afterAll(async () => {
  for (const child of children) await kill(child);
  await bus?.close();
  await store?.close();
  await server?.dispose();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

describe('a build worker killed mid-job (real NATS JetStream)', () => {
  it('gets its job redelivered to another worker, and the outcome is recorded once', async () => {
    const mark = join(dir, 'attempt-started');
    const manifest = parseReleaseManifest({
      release: 'crash',
      version: '1.0.0',
      packages: [
        {
          name: 'crash-test',
          ecosystem: 'npm',
          build: { source: 'src', command: ['sh', 'build.sh'], outputs: ['out.bin'], env: { MARK: mark } },
          registry: {
            url: 'https://registry.npmjs.org',
            credentials: { from: 'env', variable: 'NPM_TOKEN' },
          },
        },
      ],
    });
    const first = startWorkerProcess('first');
    // As the release runner does: record the run's manifest, then a job naming its entry. The
    // worker processes' workspace is their working directory, `dir`, the manifest's directory.
    const requestedAt = new Date('2026-11-21T10:00:00Z');
    const recording = { store, recorder: createRecorder({ store }), secrets: createRedactor() };
    await recordRunStarted(recording, {
      manifest,
      manifestPath: join(dir, 'manifest.json'),
      run: 1,
      dryRun: false,
      startedAt: requestedAt,
    });
    const pkg = manifest.packages[0];
    if (pkg === undefined) throw new Error('expected a package');
    await enqueueJob(bus, 'build', buildJobOf(manifest, pkg, 1, requestedAt));
    await until('the first worker to start the job', () => exists(mark));
    await kill(first);
    expect(await eventsOfType('dev.cdevents.artifact.packaged.0.3.0')).toEqual([]);

    startWorkerProcess('second');
    startWorkerProcess('third');
    await until('the job to be acknowledged', async () => (await bus.queueDepth('build')) === 0);
    await until(
      'the outcome to be recorded',
      async () => (await eventsOfType('dev.cdevents.artifact.packaged.0.3.0')).length > 0,
    );

    expect(await eventsOfType('dev.cdevents.artifact.packaged.0.3.0')).toEqual([
      'crash@1.0.0.crash-test.packaged.0',
    ]);
    const record = await store.readEvent('crash@1.0.0.crash-test.packaged.0');
    const runner = (JSON.parse(record?.data ?? '{}') as { customData: { runner: string } }).customData.runner;
    expect(['second', 'third']).toContain(runner);
    // Workers issue no follow-ups: the release runner does, once it sees the build recorded.
    expect(await bus.queueDepth('sbom')).toBe(0);
    expect(await bus.queueDepth('sign')).toBe(0);
  });
});
