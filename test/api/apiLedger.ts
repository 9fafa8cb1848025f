import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { callApi, startApiProcess } from './apiProcess.ts';
import type { ApiProcess } from './apiProcess.ts';

/** A `shiplog serve api` process over a fresh SQLite ledger for the calling file, with an auditor and an emitter token. */
export interface ApiLedger {
  readonly auditor: string;
  readonly emitter: string;
  /** The ledger's directory and environment, for the CLI beside the API. */
  dir(): string;
  env(): Record<string, string>;
  call(path: string, init?: RequestInit & { token?: string }): Promise<Response>;
}

export function useApiLedger(name: string, extraEnv: Readonly<Record<string, string>> = {}): ApiLedger {
  const token = () => randomBytes(24).toString('base64url');
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  const auditor = token();
  const emitter = token();
  let dir = '';
  let env: Record<string, string> = {};
  let api: ApiProcess | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `shiplog-${name}-`));
    env = {
      SHIPLOG_STORE: `sqlite:${join(dir, 'ledger.db')}`,
      SHIPLOG_API_TOKENS: `audit:auditor:${sha256(auditor)},ci:emitter:${sha256(emitter)}`,
      ...extraEnv,
    };
    api = await startApiProcess({ cwd: dir, env });
  });
  afterAll(async () => {
    await api?.stop();
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });
  return {
    auditor,
    emitter,
    dir: () => dir,
    env: () => env,
    call: (path, init = {}) => callApi(api?.url, path, init),
  };
}
