import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { shiplog } from '../support/shiplogCli.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-api-start-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const serve = (env: Record<string, string>) =>
  shiplog(['serve', 'api'], { cwd: dir, env: { SHIPLOG_STORE: `sqlite:${join(dir, 'ledger.db')}`, ...env } });

describe('shiplog serve api refuses to start on bad configuration (exit 1, the setting named)', () => {
  it('without tokens', async () => {
    const run = await serve({});
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('SHIPLOG_API_TOKENS');
  });

  it('with a malformed token entry, without echoing it', async () => {
    const run = await serve({ SHIPLOG_API_TOKENS: 'ci:writer:plain-secret-token', SHIPLOG_API_PORT: '0' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('SHIPLOG_API_TOKENS[0]');
    expect(run.stderr).not.toContain('plain-secret-token');
    const raw = await serve({ SHIPLOG_API_TOKENS: 'raw-pasted-secret', SHIPLOG_API_PORT: '0' });
    expect(raw.code).toBe(1);
    expect(raw.stderr).not.toContain('raw-pasted-secret');
  });

  it('with a bad port or an invalid gate policy', async () => {
    const tokens = `a:auditor:${'0'.repeat(64)}`;
    const port = await serve({ SHIPLOG_API_TOKENS: tokens, SHIPLOG_API_PORT: '99999' });
    expect(port.code).toBe(1);
    expect(port.stderr).toContain('SHIPLOG_API_PORT');
    await writeFile(join(dir, 'policy.json'), JSON.stringify({ id: 'p', require: { tests: true } }));
    const policy = await serve({
      SHIPLOG_API_TOKENS: tokens,
      SHIPLOG_API_PORT: '0',
      SHIPLOG_GATE_POLICY: 'policy.json',
    });
    expect(policy.code).toBe(1);
    expect(policy.stderr).toContain('/require/build');
  });
});
