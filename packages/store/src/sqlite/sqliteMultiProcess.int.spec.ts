import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventStore } from '../eventStore.ts';
import { collect, newEvents } from '../testing/index.ts';
import { verifyChain } from '../verifyChain.ts';
import { createSqliteEventStore } from './sqliteEventStore.ts';

const fixture = (name: string): string => join(import.meta.dirname, 'fixtures', name);

function startNode(script: string, args: readonly string[]): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  return Object.assign(child, { output: () => out });
}

async function waitFor(what: string, done: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

const exited = (child: ChildProcess): Promise<number | null> =>
  child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((resolve) => child.once('exit', resolve));

describe('sqlite adapter across OS processes', () => {
  let dir: string;
  let store: EventStore;
  const children: ChildProcess[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shiplog-multiprocess-'));
    store = await createSqliteEventStore(join(dir, 'ledger.db'), { pollIntervalMs: 20 });
  });
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('two processes appending to one file at once lose nothing and keep the chain intact', async () => {
    const appends = 150;
    const workers = ['w1', 'w2'].map((name) =>
      startNode(fixture('appendWorker.ts'), [join(dir, 'ledger.db'), name, String(appends)]),
    );
    children.push(...workers);
    await waitFor('both workers ready', () => workers.every((w) => w.output().includes('ready')));
    for (const worker of workers) worker.stdin?.write('go\n');
    expect(await Promise.all(workers.map(exited))).toEqual([0, 0]);

    const any = await collect(store.readStream('shared-any'));
    const exact = await collect(store.readStream('shared-exact'));
    expect(any.length).toBe(2 * 2 * appends);
    expect(exact.length).toBe(2 * appends);
    for (const records of [any, exact])
      expect(records.map((r) => r.revision)).toEqual(records.map((_, i) => i));
    const expectedIds = ['w1', 'w2'].flatMap((w) =>
      Array.from({ length: appends }, (_, i) => [`${w}-${i}-0`, `${w}-${i}-1`, `${w}-${i}-2`]).flat(),
    );
    expect(new Set([...any, ...exact].map((r) => r.id))).toEqual(new Set(expectedIds));
    const chain = await verifyChain(store);
    expect(chain.firstBreak).toBeUndefined();
    expect(chain.count).toBe(expectedIds.length);
  });

  it('a subscriber process sees every event exactly once across a kill -9 and a restart from its checkpoint', async () => {
    const db = join(dir, 'ledger.db');
    const out = join(dir, 'delivered.txt');
    const category = 'deployment';
    const written = [...(await store.appendToStream('deployment-prod.api', newEvents(40))).records];
    await store.appendToStream('release-r1', newEvents(5));
    const lines = (): string[] => (existsSync(out) ? readFileSync(out, 'utf8').split('\n').slice(0, -1) : []);

    const first = startNode(fixture('subscribeWorker.ts'), [db, out, category, '20']);
    children.push(first);
    await waitFor('first deliveries', () => lines().length >= 10);
    written.push(...(await store.appendToStream('deployment-prod.web', newEvents(20))).records);
    await waitFor('more deliveries', () => lines().length >= 45);
    first.kill('SIGKILL');
    await exited(first);
    const beforeRestart = lines().length;
    expect(beforeRestart).toBeLessThan(written.length);

    written.push(...(await store.appendToStream('deployment-prod.api', newEvents(20))).records);
    const second = startNode(fixture('subscribeWorker.ts'), [db, out, category, '0']);
    children.push(second);
    await waitFor('the restarted subscriber to resume', () => second.output().includes('resuming after'));
    expect(second.output()).toContain(`resuming after ${lines()[beforeRestart - 1]?.split(' ')[0]}`);
    written.push(...(await store.appendToStream('deployment-stage.api', newEvents(10))).records);
    await waitFor('every event delivered', () => lines().length >= written.length);
    await sleep(100); // a duplicate, if any, would land right after the last expected line
    second.kill('SIGKILL');

    const delivered = lines().map((line) => line.split(' ')[1]);
    expect(delivered).toEqual(written.map((r) => r.id));
  });
});
