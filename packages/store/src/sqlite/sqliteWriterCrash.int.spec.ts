import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventStore } from '../eventStore.ts';
import { collect } from '../testing/index.ts';
import { verifyChain } from '../verifyChain.ts';
import { createSqliteEventStore } from './sqliteEventStore.ts';

const walSize = (db: string): number => (existsSync(`${db}-wal`) ? statSync(`${db}-wal`).size : 0);

/** Runs the fixture and kill -9s it once its second batch's transaction has spilled 8 MB into the WAL. */
function crashMidTransaction(db: string): Promise<{ output: string; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const script = join(import.meta.dirname, 'fixtures', 'crashThreadWriter.ts');
    const child = spawn(process.execPath, [script, db], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    let watching = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (watching || !output.includes('committed\n')) return;
      watching = true;
      const committed = walSize(db);
      void (async () => {
        while (child.exitCode === null && walSize(db) < committed + 8_000_000) await sleep(2);
        child.kill('SIGKILL');
      })();
    });
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('close', (_code, signal) => {
      clearTimeout(guard);
      resolve({ output, signal });
    });
  });
}

describe('kill -9 while the writer thread is inside a transaction', () => {
  let dir: string;
  let store: EventStore | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shiplog-writer-crash-'));
  });
  afterEach(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('leaves the torn batch wholly absent, the committed one whole, and the ledger writable', async () => {
    const db = join(dir, 'ledger.db');
    const crash = await crashMidTransaction(db);
    expect(crash.output).toBe('committed\n');
    expect(crash.signal).toBe('SIGKILL');

    store = await createSqliteEventStore(db, { create: false, writer: 'thread' });
    const records = await collect(store.readAll());
    expect(records.filter((r) => r.streamId === 'release-complete').length).toBe(1000);
    expect(records.filter((r) => r.streamId === 'release-torn').length).toBe(0);
    expect((await verifyChain(store)).ok).toBe(true);
    const retried = await store.appendToStream('release-torn', [{ id: 'torn-0', type: 't', data: '{}' }], {
      expectedRevision: 'no_stream',
    });
    expect(retried.position).toBe(1001);
  });
});
