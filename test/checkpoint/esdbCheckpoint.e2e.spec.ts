import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEsdbEventStore } from '@shiplog/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEsdbTestServer } from '../support/esdb/esdbTestServer.ts';
import type { EsdbTestServer } from '../support/esdb/esdbTestServer.ts';
import { shiplog } from '../support/shiplogCli.ts';

let dir: string;
let server: EsdbTestServer;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-esdb-checkpoint-'));
  server = await startEsdbTestServer();
});
afterEach(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

async function append(from: number, count: number): Promise<void> {
  const store = await createEsdbEventStore(server.url);
  for (let i = from; i < from + count; i++)
    await store.appendToStream(`release-r${i % 3}`, [{ id: `e${i}`, type: 't', data: `{"n":${i}}` }]);
  await store.close();
}

describe('checkpoints of an EventStoreDB ledger (the wire-compatible test server)', () => {
  it('are kept in .shiplog/checkpoints.db, signed incrementally, and checked by verify', async () => {
    const env = { SHIPLOG_STORE: server.url };
    await append(0, 5);
    const first = await shiplog(['checkpoint', '--json'], { cwd: dir, env });
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ created: true, treeSize: 5 });
    expect(existsSync(join(dir, '.shiplog', 'checkpoints.db'))).toBe(true);
    await append(5, 4);
    const second = await shiplog(['checkpoint', '--json'], { cwd: dir, env });
    expect(JSON.parse(second.stdout)).toMatchObject({ created: true, treeSize: 9 });
    const verify = await shiplog(['verify', '--json'], { cwd: dir, env });
    expect(verify.code, verify.stdout).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({
      ok: true,
      checkpoints: { ok: true, checkpoints: 2, leaves: 9, signatures: 'verified' },
    });
    // Another ledger (a fresh server) is not the one these checkpoints signed.
    await server.stop();
    server = await startEsdbTestServer();
    await append(0, 3);
    const other = await shiplog(['verify', '--json'], { cwd: dir, env: { SHIPLOG_STORE: server.url } });
    expect(other.code).toBe(4);
    const kinds = (
      JSON.parse(other.stdout) as { checkpoints: { problems: { kind: string }[] } }
    ).checkpoints.problems.map((p) => p.kind);
    expect(kinds).toEqual(['log_shorter', 'log_shorter']);
  });
});
