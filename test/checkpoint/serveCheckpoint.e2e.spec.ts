import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readCheckpoints } from '@shiplog/checkpoint';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanEnv } from '../dev/devProcess.ts';
import { shiplog } from '../support/shiplogCli.ts';
import { appendEvents } from './ledgerEdits.ts';

const bin = join(import.meta.dirname, '..', '..', 'services', 'cli', 'bin', 'shiplog.js');

let dir: string;
let db: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-checkpointer-'));
  db = join(dir, 'ledger.db');
  await appendEvents(db, 0, 2);
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await sleep(50);
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe('shiplog serve checkpoint', () => {
  it('signs checkpoints as another process appends, and a last one on SIGTERM', async () => {
    const env = cleanEnv({ SHIPLOG_STORE: `sqlite:${db}`, SHIPLOG_CHECKPOINT_EVERY: '4' });
    const child = spawn(process.execPath, [bin, 'serve', 'checkpoint'], { cwd: dir, env, stdio: 'pipe' });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = once(child, 'exit');
    try {
      await until(() => stderr.includes('"checkpointing"'), 'the checkpointer to start');
      await appendEvents(db, 2, 5);
      await until(() => readCheckpoints(db).length > 0, 'a checkpoint after 4 new records');
      expect(readCheckpoints(db)[0]?.treeSize).toBeGreaterThanOrEqual(4);
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await exited) as [number | null];
    expect(code, stderr).toBe(0);
    expect(readCheckpoints(db).at(-1)?.treeSize).toBe(7);
    const publicKey = /"publicKey":"([^"]+)"/.exec(stderr)?.[1] ?? '';
    const verify = await shiplog(['verify', '--key', publicKey], {
      cwd: dir,
      env: { SHIPLOG_STORE: `sqlite:${db}` },
    });
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/checkpoints: \d+ held and consistent with the log, latest of 7 records/);
  });
});
