import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shiplog } from '../support/shiplogCli.ts';
import { appendEvents, rewriteLedger } from './ledgerEdits.ts';

interface Problem {
  kind: string;
  treeSize?: number;
  position?: number;
}
interface VerifyJson {
  ok: boolean;
  firstBreak?: unknown;
  checkpoints: { ok: boolean; checkpoints: number; signatures: string; problems: Problem[] } | null;
}

let dir: string;
let db: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-checkpoint-'));
  db = join(dir, 'ledger.db');
  await appendEvents(db, 0, 10);
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const run = (args: string[], env: Record<string, string> = {}) =>
  shiplog(args, { cwd: dir, env: { SHIPLOG_STORE: `sqlite:${db}`, ...env } });
const verify = async (...args: string[]) => {
  const result = await run(['verify', '--json', ...args]);
  return { code: result.code, json: JSON.parse(result.stdout) as VerifyJson };
};
const checkpoint = async () => {
  const result = await run(['checkpoint', '--json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as {
    treeSize: number;
    lastPosition: number;
    note: string;
    publicKey: string;
  };
};

describe('plain shiplog verify against signed checkpoints', () => {
  it('signs a tree head with a key made on first use, and verifies the intact log with it', async () => {
    const head = await checkpoint();
    expect(head).toMatchObject({ treeSize: 10, lastPosition: 10 });
    expect(head.note).toMatch(/^shiplog\/.+\n10\n[A-Za-z0-9+/]{43}=\n\n\u2014 shiplog\/\S+ \S+\n$/);
    const again = await run(['checkpoint', '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ created: false, treeSize: 10 });
    const intact = await verify();
    expect(intact.code).toBe(0);
    expect(intact.json.checkpoints).toMatchObject({ ok: true, checkpoints: 1, signatures: 'verified' });
  });

  it('catches a rewrite with recomputed hashes (exit 4, naming the checkpoint) that the chain alone passes', async () => {
    await checkpoint();
    rewriteLedger(db, `UPDATE events SET data = replace(data, '"n":4', '"n":40') WHERE position = 5`);
    const result = await verify();
    expect(result.json.firstBreak).toBeUndefined(); // the hash chain holds: only the checkpoint sees it
    expect(result.code).toBe(4);
    expect(result.json.checkpoints?.problems).toEqual([
      expect.objectContaining({ kind: 'root_mismatch', treeSize: 10 }),
    ]);
    const text = await run(['verify']);
    expect(text.code).toBe(4);
    expect(text.stdout).toContain('TAMPERED: checkpoint of 10 records: root_mismatch');
    expect(text.stdout).not.toContain('ledger intact');
  });

  it('catches a cut tail (exit 4, naming the checkpoint the log no longer reaches)', async () => {
    await checkpoint();
    const edit = new DatabaseSync(db);
    edit.exec('DELETE FROM events WHERE position > 8');
    edit.close();
    const result = await verify();
    expect(result.json.firstBreak).toBeUndefined();
    expect(result.code).toBe(4);
    expect(result.json.checkpoints?.problems).toEqual([
      expect.objectContaining({ kind: 'log_shorter', treeSize: 10, position: 10 }),
    ]);
    expect((await run(['verify'])).stdout).toContain('checkpoint of 10 records: log_shorter');
    const exported = await run(['export', '--audit', 'bundle']);
    expect(exported.code).toBe(4);
    expect(exported.stderr).toContain('the log has 8 records, its latest checkpoint signed 10');
    expect(await readdir(join(dir, 'bundle'))).toEqual([]);
  });

  it('flags a gap in positions after the latest checkpoint, and a checkpoint re-signed with another key', async () => {
    await checkpoint();
    await appendEvents(db, 10, 3);
    rewriteLedger(db, 'DELETE FROM events WHERE position = 12');
    const gap = await verify();
    expect(gap.code).toBe(4);
    expect(gap.json.checkpoints?.problems).toEqual([
      expect.objectContaining({ kind: 'position_gap', position: 13 }),
    ]);

    // The insider rewrites the log and signs a new checkpoint with a key of their own: the public
    // key the auditor kept does not verify it.
    const { publicKey } = await checkpoint();
    const edit = new DatabaseSync(db);
    edit.exec('DELETE FROM checkpoints');
    edit.close();
    await rm(join(dir, 'checkpoint.key'));
    await checkpoint();
    const forged = await verify('--key', publicKey);
    expect(forged.code).toBe(4);
    expect(forged.json.checkpoints?.problems.map((p) => p.kind)).toContain('signature_invalid');
  });

  it('catches, with a checkpoint the auditor kept, a rewrite whose author also emptied the checkpoints table', async () => {
    const { note, publicKey } = await checkpoint();
    await writeFile(join(dir, 'kept.checkpoint'), note);
    rewriteLedger(db, `UPDATE events SET data = replace(data, '"n":2', '"n":20') WHERE position = 3`);
    const edit = new DatabaseSync(db);
    edit.exec('DELETE FROM checkpoints');
    edit.close();
    // On the machine alone, nothing is left to compare with; the auditor's copy is.
    const alone = await run(['verify']);
    expect(alone.code).toBe(0);
    expect(alone.stdout).toContain('checkpoints: none held');
    const kept = await verify('--key', publicKey, '--checkpoint', 'kept.checkpoint');
    expect(kept.code).toBe(4);
    expect(kept.json.checkpoints?.problems).toEqual([
      expect.objectContaining({ kind: 'root_mismatch', treeSize: 10 }),
    ]);
    expect((await run(['verify', '--checkpoint', 'kept.checkpoint'])).code).toBe(4); // the key beside the ledger
    expect(
      (await run(['verify', '--checkpoint', 'kept.checkpoint'], { SHIPLOG_CHECKPOINT_KEY_FILE: 'absent' }))
        .code,
    ).toBe(1);
  });

  it('exports, where the key is not, a bundle of what the latest checkpoint signed', async () => {
    const { publicKey } = await checkpoint();
    await appendEvents(db, 10, 2);
    await rm(join(dir, 'checkpoint.key'));
    const exported = await run(['export', '--audit', 'bundle', '--json']);
    expect(exported.code, exported.stderr).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ events: 10, treeSize: 10, publicKey: null });
    expect((await run(['verify', '--bundle', 'bundle', '--key', publicKey])).code).toBe(0);
    expect((await run(['export', '--audit', 'bundle'])).code).toBe(1); // not empty
  });

  it('refuses a malformed --key (exit 2)', async () => {
    expect((await run(['verify', '--key', 'not-a-key'])).code).toBe(2);
  });
});
