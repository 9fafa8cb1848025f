import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteEventStore, StoreErrorCode } from '@shiplog/store';
import type { EventStore, RecordedEvent } from '@shiplog/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shiplog } from '../support/shiplogCli.ts';

async function collect(records: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for await (const record of records) all.push(record);
  return all;
}

/** Runs the crash fixture and kill -9s it while it is inside its second batch's transaction. */
function crashMidAppend(db: string): Promise<{ output: string; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, 'fixtures', 'crashMidAppend.ts'), db], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('mid\n')) child.kill('SIGKILL');
    });
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('close', (_code, signal) => {
      clearTimeout(guard);
      resolve({ output, signal });
    });
  });
}

describe('kill -9 in the middle of a 1,000-event atomic append', () => {
  let dir: string;
  let store: EventStore | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shiplog-crash-'));
  });
  afterEach(async () => {
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('leaves the batch wholly absent, the earlier batch whole, and a chain shiplog verify accepts', async () => {
    const db = join(dir, 'ledger.db');
    const crash = await crashMidAppend(db);
    expect(crash.output).toBe('committed\nmid\n');
    expect(crash.signal).toBe('SIGKILL');

    const run = await shiplog(['verify', '--json'], { cwd: dir, env: { SHIPLOG_STORE: `sqlite:${db}` } });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, count: 1000 });

    store = await createSqliteEventStore(db, { create: false });
    expect((await collect(store.readStream('release-complete'))).length).toBe(1000);
    await expect(collect(store.readStream('release-torn'))).rejects.toMatchObject({
      code: StoreErrorCode.StreamNotFound,
    });
    // The ledger stays writable: the torn batch, retried, lands whole after the first.
    const retry = Array.from({ length: 1000 }, (_, i) => ({ id: `torn-${i}`, type: 't', data: '{}' }));
    const result = await store.appendToStream('release-torn', retry, { expectedRevision: 'no_stream' });
    expect(result.records[0]?.position).toBe(1001);
    const after = await shiplog(['verify', '--json'], { cwd: dir, env: { SHIPLOG_STORE: `sqlite:${db}` } });
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout)).toMatchObject({ ok: true, count: 2000 });
  });
});
