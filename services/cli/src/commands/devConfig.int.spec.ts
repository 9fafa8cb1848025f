import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadDevConfig } from './devConfig.ts';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-devconfig-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('loadDevConfig', () => {
  it('makes one admin token for the run when none is configured', async () => {
    const config = await loadDevConfig({}, dir);
    const token = config.generatedToken ?? '';
    expect(token.length).toBeGreaterThanOrEqual(40);
    expect(config.tokens).toEqual([{ name: 'dev', role: 'admin', sha256: sha256(token) }]);
    expect((await loadDevConfig({}, dir)).generatedToken).not.toBe(token);
    expect(config.shared.SHIPLOG_STORE).toBe('sqlite:./.shiplog/ledger.db');
    expect(config.signing).toBeUndefined();
  });

  it('uses the configured tokens (variable and file) and the signing key', async () => {
    await writeFile(join(dir, 'tokens'), `# auditors\nalice:auditor:${sha256('a')}\n`);
    await writeFile(join(dir, 'key.pem'), 'PEM');
    const config = await loadDevConfig(
      {
        SHIPLOG_API_TOKENS: `ci:emitter:${sha256('c')}`,
        SHIPLOG_API_TOKENS_FILE: 'tokens',
        SHIPLOG_SIGNING_KEY_FILE: 'key.pem',
        SHIPLOG_SIGNING_KEY_HINT: 'hint',
      },
      dir,
    );
    expect(config.generatedToken).toBeUndefined();
    expect(config.tokens.map((t) => `${t.name}:${t.role}`)).toEqual(['ci:emitter', 'alice:auditor']);
    expect(config.signing).toEqual({ kind: 'key', privateKey: 'PEM', keyHint: 'hint' });
  });

  it.each([
    [{ SHIPLOG_NATS_URL: 'nats://127.0.0.1:4222' }, 'SHIPLOG_NATS_URL'],
    [{ SHIPLOG_STORE: 'postgres://x' }, 'SHIPLOG_STORE'],
    [{ SHIPLOG_API_PORT: 'eighty' }, 'SHIPLOG_API_PORT'],
    [{ SHIPLOG_API_TOKENS: 'not-a-spec' }, 'SHIPLOG_API_TOKENS'],
    [{ SHIPLOG_API_TOKENS_FILE: 'absent' }, 'SHIPLOG_API_TOKENS_FILE'],
    [{ SHIPLOG_GATE_POLICY: 'absent.json' }, 'SHIPLOG_GATE_POLICY'],
    [{ SHIPLOG_SIGNING_KEY_FILE: 'absent.pem', SHIPLOG_SIGNING_KEY_HINT: 'k' }, 'SHIPLOG_SIGNING_KEY_FILE'],
    [{ SHIPLOG_SIGNING_KEY_FILE: 'k.pem' }, 'SHIPLOG_SIGNING_KEY_HINT'],
    [{ SHIPLOG_WORKER_PLATFORMS: 'Linux X64' }, 'SHIPLOG_WORKER_PLATFORMS'],
    [{ SHIPLOG_ARTIFACTS_OCI: 'https://registry.example.com/shiplog/artifacts' }, 'SHIPLOG_ARTIFACTS_OCI'],
    [{ SHIPLOG_CHECKPOINT_EVERY: '0' }, 'SHIPLOG_CHECKPOINT_EVERY'],
    [{ SHIPLOG_CHECKPOINT_INTERVAL: '1m' }, 'SHIPLOG_CHECKPOINT_INTERVAL'],
  ])('refuses %j naming %s', async (env, setting) => {
    await expect(loadDevConfig(env, dir)).rejects.toThrow(setting);
  });

  it('refuses a gate policy that is not one, naming the setting', async () => {
    await writeFile(join(dir, 'policy.json'), '{"rules": 1}');
    await expect(loadDevConfig({ SHIPLOG_GATE_POLICY: 'policy.json' }, dir)).rejects.toThrow(
      'SHIPLOG_GATE_POLICY',
    );
  });
});
