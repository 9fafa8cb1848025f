import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

describe('the main job (./dev demo)', () => {
  it('records the example pipeline and prints the auditor answers, exiting 0', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shiplog-demo-'));
    // Its ledger elsewhere, and a NATS URL the demo must ignore: it runs on the embedded default.
    const env = {
      ...process.env,
      SHIPLOG_DEMO_DIR: join(dir, 'demo'),
      SHIPLOG_NATS_URL: 'nats://127.0.0.1:1',
    };
    const { stdout } = await promisify(execFile)('bash', ['scripts/demo.sh'], {
      cwd: root,
      env,
      maxBuffer: 16 * 1024 * 1024,
    }).finally(() => rm(dir, { recursive: true, force: true }));
    expect(stdout).toContain('46 events: 46 valid, 0 invalid');
    expect(stdout).toContain('12 recorded, 0 duplicate, 0 refused (1 violation recorded)');
    expect(stdout).toContain('0 recorded, 12 duplicate, 0 refused');
    expect(stdout).toMatch(/checkout\s+pkg:oci\/checkout@sha256:3f1e/);
    expect(stdout).toContain('VIOLATION APPROVAL_MISSING');
    expect(stdout).toContain('DENY:');
    expect(stdout).toMatch(/ledger intact: 14 records/);
  });
});
