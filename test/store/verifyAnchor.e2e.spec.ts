import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { createSqliteEventStore } from '@shiplog/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shiplog } from '../support/shiplogCli.ts';

interface VerifyJson {
  ok: boolean;
  lastPosition: number;
  headHash: string;
  firstBreak?: { position: number; reason: string };
}

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-anchor-'));
  path = join(dir, 'ledger.db');
  const store = await createSqliteEventStore(path);
  for (let i = 0; i < 6; i++) {
    await store.appendToStream(`release-r${i % 2}`, [
      { id: `e${i}`, type: 't', data: JSON.stringify({ n: i }) },
    ]);
  }
  await store.close();
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const verify = async (...args: string[]) => {
  const run = await shiplog(['verify', '--json', ...args], {
    cwd: dir,
    env: { SHIPLOG_STORE: `sqlite:${path}` },
  });
  return { code: run.code, result: JSON.parse(run.stdout) as VerifyJson };
};

describe('shiplog verify --expect POSITION:HASH (a head recorded earlier)', () => {
  it('passes while the ledger still holds that head, and once it has grown past it', async () => {
    const { result } = await verify();
    expect((await verify('--expect', `${result.lastPosition}:${result.headHash}`)).code).toBe(0);
    const store = await createSqliteEventStore(path);
    await store.appendToStream('release-r9', [{ id: 'later', type: 't', data: '{}' }]);
    await store.close();
    expect((await verify('--expect', `${result.lastPosition}:${result.headHash}`)).code).toBe(0);
  });

  it('catches records cut off the end, which the chain alone cannot see', async () => {
    const { result } = await verify();
    const db = new DatabaseSync(path);
    db.exec('DELETE FROM events WHERE position = (SELECT MAX(position) FROM events)');
    db.close();
    expect((await verify()).code).toBe(0);
    const anchored = await verify('--expect', `${result.lastPosition}:${result.headHash}`);
    expect(anchored.code).toBe(4);
    expect(anchored.result.firstBreak).toMatchObject({
      position: result.lastPosition,
      reason: 'anchor_missing',
    });
  });

  it('names a head that holds another hash, and refuses a malformed anchor (exit 2)', async () => {
    const { result } = await verify();
    const wrong = await verify('--expect', `${result.lastPosition}:${'0'.repeat(64)}`);
    expect(wrong.code).toBe(4);
    expect(wrong.result.firstBreak).toMatchObject({
      position: result.lastPosition,
      reason: 'anchor_mismatch',
    });
    const bad = await shiplog(['verify', '--expect', 'yesterday'], {
      cwd: dir,
      env: { SHIPLOG_STORE: `sqlite:${path}` },
    });
    expect(bad.code).toBe(2);
  });
});
