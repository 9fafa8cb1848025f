import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryBus } from '@shiplog/bus';
import type { Bus } from '@shiplog/bus';
import { createRecorder } from '@shiplog/ledger';
import { createRedactor } from '@shiplog/registries';
import { openStore } from '@shiplog/store';
import type { EventStore, RecordedEvent } from '@shiplog/store';
import { createLocalArtifactStore } from '../artifactStore.ts';
import { workerJobQueues } from '../startWorker.ts';
import type { WorkerContext } from '../workerContext.ts';
import { silentWorkerLogger } from '../workerContext.ts';

/** The fixture release (test/fixtures/release) and its manifest. */
export const fixtureDir = join(import.meta.dirname, '../../../../test/fixtures/release');
export const fixtureManifest = join(fixtureDir, 'shiplog-release.json');

/** A temporary ledger, artifact store and signing key for worker tests. */
export interface WorkerHarness {
  readonly dir: string;
  readonly store: EventStore;
  readonly publicKeys: Readonly<Record<string, string>>;
  /** A worker context on `bus`; its workspace is `dir` unless given. */
  context(bus: Bus, runner: string, workspace?: string): WorkerContext;
  events(type: string): Promise<RecordedEvent[]>;
  until(what: string, check: () => Promise<boolean>, timeoutMs?: number): Promise<void>;
  dispose(): Promise<void>;
}

export async function createWorkerHarness(): Promise<WorkerHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'shiplog-workers-'));
  const store = await openStore(`sqlite:${join(dir, 'ledger.db')}`);
  const recorder = createRecorder({ store, producer: 'shiplog-workers' });
  const artifacts = createLocalArtifactStore(join(dir, 'artifacts'));
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const keyHint = 'fixture-release-key';
  return {
    dir,
    store,
    publicKeys: { [keyHint]: publicKey.export({ format: 'pem', type: 'spki' }).toString() },
    context: (bus, runner, workspace = dir) => ({
      bus,
      store,
      recorder,
      artifacts,
      logger: silentWorkerLogger,
      runner,
      workspace,
      secrets: createRedactor(),
      recipeEnv: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? dir },
      sourceDateEpoch: 1_700_000_000,
      signing: { kind: 'key', privateKey, keyHint },
      now: () => new Date(),
    }),
    async events(type) {
      const found: RecordedEvent[] = [];
      for await (const record of store.readAll()) if (record.type === type) found.push(record);
      return found;
    },
    async until(what, check, timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      while (!(await check())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async dispose() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** An in-process bus with the worker queues, and a worker context on it whose recipes also see `env`. */
export async function memoryWorkerContext(
  harness: WorkerHarness,
  env: Readonly<Record<string, string>> = {},
): Promise<{ bus: Bus; ctx: WorkerContext }> {
  const bus = createMemoryBus({ topology: { jobQueues: workerJobQueues } });
  await bus.ensureTopology();
  const base = harness.context(bus, 'runner-1');
  return { bus, ctx: { ...base, recipeEnv: { ...base.recipeEnv, ...env } } };
}
