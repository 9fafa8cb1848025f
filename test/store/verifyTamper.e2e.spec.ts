import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { recordHash } from '@shiplog/store';
import type { RecordedEvent } from '@shiplog/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendEvents } from '../checkpoint/ledgerEdits.ts';
import { shiplog } from '../support/shiplogCli.ts';

interface VerifyJson {
  ok: boolean;
  count: number;
  firstBreak?: { position: number; streamId: string; revision: number; reason: string };
}

function editLedger(path: string, ...statements: string[]): void {
  const db = new DatabaseSync(path);
  try {
    for (const sql of statements) db.exec(sql);
  } finally {
    db.close();
  }
}

describe('shiplog verify (the real CLI) on a SQLite ledger', () => {
  let dir: string;
  let db: string;
  let records: RecordedEvent[];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'shiplog-verify-'));
    db = join(dir, 'ledger.db');
    records = await appendEvents(db, 0, 10); // positions 1..10, interleaved over three streams
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const verify = async (...args: string[]) => {
    const run = await shiplog(['verify', ...args], { cwd: dir, env: { SHIPLOG_STORE: `sqlite:${db}` } });
    return { ...run, json: args.includes('--json') ? (JSON.parse(run.stdout) as VerifyJson) : undefined };
  };

  it('exits 0 on an intact ledger and reports the records it checked', async () => {
    const run = await verify('--json');
    expect(run.code).toBe(0);
    expect(run.json).toMatchObject({ ok: true, count: 10, lastPosition: 10, headHash: records[9]?.hash });
    expect(run.json?.firstBreak).toBeUndefined();
  });

  it('exits 4 naming the position when one byte of a stored payload changes', async () => {
    const original = records[4]?.data as string;
    const altered = original.replace('"n":4', '"n":5');
    expect(altered).not.toBe(original);
    editLedger(db, `UPDATE events SET data = '${altered}' WHERE position = 5`);
    const run = await verify('--json');
    expect(run.code).toBe(4);
    expect(run.json?.firstBreak).toEqual({
      position: 5,
      streamId: 'artifact-abc',
      revision: 1,
      reason: 'hash_mismatch',
    });

    const text = await verify();
    expect(text.code).toBe(4);
    expect(text.stdout).toContain('position 5 (stream artifact-abc, revision 1)');
  });

  it('exits 4 at the next record when a payload is altered and its own hash recomputed', async () => {
    const r = records[4] as RecordedEvent;
    const data = r.data.replace('"n":4', '"n":5');
    const hash = recordHash(r.prevHash, r.streamPrevHash, { ...r, data });
    editLedger(db, `UPDATE events SET data = '${data}', hash = '${hash}' WHERE position = 5`);
    const run = await verify('--json');
    expect(run.code).toBe(4);
    expect(run.json?.firstBreak).toMatchObject({ position: 6, reason: 'prev_hash_mismatch' });
  });

  it('exits 4 naming the record after a deleted row', async () => {
    editLedger(db, 'DELETE FROM events WHERE position = 5');
    const run = await verify('--json');
    expect(run.code).toBe(4);
    expect(run.json?.firstBreak).toEqual({
      position: 6,
      streamId: 'deployment-prod.api',
      revision: 1,
      reason: 'prev_hash_mismatch',
    });
  });

  it('exits 4 naming the first of two reordered rows', async () => {
    editLedger(
      db,
      'UPDATE events SET position = -1 WHERE position = 4',
      'UPDATE events SET position = 4 WHERE position = 7',
      'UPDATE events SET position = 7 WHERE position = -1',
    );
    const run = await verify('--json');
    expect(run.code).toBe(4);
    expect(run.json?.firstBreak).toMatchObject({ position: 4, streamId: 'release-r1', revision: 2 });
  });

  it('exits 1 for a missing ledger file, without creating one', async () => {
    const missing = join(dir, 'nowhere', 'ledger.db');
    const run = await shiplog(['verify', '--store', `sqlite:${missing}`], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(missing);
    expect(existsSync(missing)).toBe(false);
  });

  it('reads SHIPLOG_STORE, defaulting to ./.shiplog/ledger.db under the working directory', async () => {
    const missingDefault = await shiplog(['verify'], { cwd: dir });
    expect(missingDefault.code).toBe(1);
    expect(missingDefault.stderr).toContain(join(dir, '.shiplog', 'ledger.db'));
    const relative = await shiplog(['verify', '--json'], {
      cwd: dir,
      env: { SHIPLOG_STORE: 'sqlite:./ledger.db' },
    });
    expect(relative.code).toBe(0);
  });

  it('exits 1 for a file that is not a ledger, and 2 for a usage error', async () => {
    const junk = join(dir, 'junk.db');
    await writeFile(junk, 'this is not a database, just some text that is long enough to look like a header');
    expect((await shiplog(['verify', '--store', `sqlite:${junk}`], { cwd: dir })).code).toBe(1);
    expect((await shiplog(['verify', '--store'], { cwd: dir })).code).toBe(2);
    expect((await shiplog(['verify', '--frobnicate'], { cwd: dir })).code).toBe(2);
  });
});
