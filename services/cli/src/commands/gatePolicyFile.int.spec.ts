import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultGatePolicy } from '@shiplog/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../command.ts';
import { loadGatePolicy } from './gatePolicyFile.ts';
import { artifactsOnlyPolicy } from '@shiplog/ledger/testing/artifactsOnlyPolicy.ts';

let dir: string;
const policy = artifactsOnlyPolicy;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-policy-'));
  await writeFile(join(dir, 'env.json'), JSON.stringify(policy('from-env')));
  await writeFile(join(dir, 'flag.json'), JSON.stringify(policy('from-flag')));
  await writeFile(join(dir, 'bad.json'), '{"id": ');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('loadGatePolicy: the policy every command decides by', () => {
  it('reads $SHIPLOG_GATE_POLICY, as the API and the workers do', async () => {
    const loaded = await loadGatePolicy(undefined, { cwd: dir, env: { SHIPLOG_GATE_POLICY: 'env.json' } });
    expect(loaded.id).toBe('from-env');
  });

  it('lets --policy win over the environment', async () => {
    const loaded = await loadGatePolicy('flag.json', { cwd: dir, env: { SHIPLOG_GATE_POLICY: 'env.json' } });
    expect(loaded.id).toBe('from-flag');
  });

  it('falls back to the built-in policy', async () => {
    expect(await loadGatePolicy(undefined, { cwd: dir, env: {} })).toBe(defaultGatePolicy);
  });

  it('names a broken or missing file in a usage error', async () => {
    await expect(loadGatePolicy('bad.json', { cwd: dir, env: {} })).rejects.toThrow(UsageError);
    await expect(
      loadGatePolicy(undefined, { cwd: dir, env: { SHIPLOG_GATE_POLICY: 'nope.json' } }),
    ).rejects.toThrow(/nope\.json/);
  });
});
