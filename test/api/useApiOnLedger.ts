import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startApiProcess } from './apiProcess.ts';
import type { ApiProcess } from './apiProcess.ts';

/** A `shiplog serve api` process over an SQLite ledger of its own, as a test file sees it. */
export interface ApiOnLedger {
  /** Bearer tokens of the roles `auditor` (named audit) and `emitter` (named ci). */
  readonly auditor: string;
  readonly emitter: string;
  /** The directory holding the ledger (`ledger.db`) and the API's read models. */
  readonly dir: string;
  readonly url: string | undefined;
}

const token = () => randomBytes(24).toString('base64url');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Starts the API in `beforeAll` (after `prepare` has written what the ledger should hold) and stops
 * it, removing its directory, in `afterAll`.
 */
export function useApiOnLedger(name: string, prepare?: (dir: string) => Promise<void>): ApiOnLedger {
  const auditor = token();
  const emitter = token();
  let dir = '';
  let api: ApiProcess | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `shiplog-${name}-`));
    await prepare?.(dir);
    api = await startApiProcess({
      cwd: dir,
      env: {
        SHIPLOG_STORE: `sqlite:${join(dir, 'ledger.db')}`,
        SHIPLOG_API_TOKENS: `audit:auditor:${sha256(auditor)},ci:emitter:${sha256(emitter)}`,
      },
    });
  });
  afterAll(async () => {
    await api?.stop();
    await rm(dir, { recursive: true, force: true });
  });
  return {
    auditor,
    emitter,
    get dir() {
      return dir;
    },
    get url() {
      return api?.url;
    },
  };
}
