import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

describe('the main job (./dev demo)', () => {
  it('records the example pipeline and prints the auditor answers, exiting 0', async () => {
    const { stdout } = await promisify(execFile)('bash', ['scripts/demo.sh'], {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(stdout).toContain('46 events: 46 valid, 0 invalid');
    expect(stdout).toContain('12 recorded, 0 duplicate, 0 refused (1 violation recorded)');
    expect(stdout).toContain('0 recorded, 12 duplicate, 0 refused');
    expect(stdout).toMatch(/checkout\s+pkg:oci\/checkout@sha256:3f1e/);
    expect(stdout).toContain('VIOLATION APPROVAL_MISSING');
    expect(stdout).toContain('DENY:');
    expect(stdout).toMatch(/ledger intact: 14 records/);
  });
});
