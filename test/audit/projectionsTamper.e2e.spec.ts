// Someone with write access to the read models edits them: `shiplog verify --projections` (the real
// CLI) names the read model that differs, the read commands refuse what the cheap checks catch, and
// `shiplog replay` puts everything right. The ledger is the audit scenario, recorded by the recorder.
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { ProjectionsVerification } from '@shiplog/projections';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { shiplog as runShiplog } from '../support/shiplogCli.ts';
import { recordScenario } from './recordScenario.ts';

interface VerifyJson {
  ok: boolean;
  ledger: { ok: boolean };
  projections: ProjectionsVerification;
}

let template: string;
let dir: string;

beforeAll(async () => {
  template = await mkdtemp(join(tmpdir(), 'shiplog-tamper-template-'));
  const { store } = await recordScenario(template);
  await store.close();
});
afterAll(async () => {
  await rm(template, { recursive: true, force: true });
});

// A fresh copy of the ledger per case, with read models built live by a read command.
let history: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-tamper-'));
  await mkdir(join(dir, '.shiplog'));
  await copyFile(join(template, 'ledger.db'), join(dir, '.shiplog', 'ledger.db'));
  const run = await shiplog(['history', '--env', 'production', '--json']);
  expect(run.code, run.stderr).toBe(0);
  history = run.stdout;
  return () => rm(dir, { recursive: true, force: true });
});

const shiplog = (args: readonly string[]) => runShiplog(args, { cwd: dir });

async function verify(): Promise<{ code: number | null; json: VerifyJson }> {
  const run = await shiplog(['verify', '--projections', '--json']);
  return { code: run.code, json: JSON.parse(run.stdout) as VerifyJson };
}

function edit(...statements: string[]): void {
  const db = new DatabaseSync(join(dir, '.shiplog', 'projections.db'));
  try {
    for (const sql of statements) db.exec(sql);
  } finally {
    db.close();
  }
}

const dora = ['dora', '--since', '2026-01-05T00:00:00Z', '--until', '2026-02-16T00:00:00Z', '--json'];

const differing = (json: VerifyJson): string[] =>
  json.projections.models.filter((m) => !m.ok).map((m) => m.model);

describe('shiplog verify --projections', () => {
  it('exits 0 on read models kept live from a recorded ledger, and says so in words', async () => {
    const { code, json } = await verify();
    expect(code).toBe(0);
    expect(json).toMatchObject({ ok: true, ledger: { ok: true }, projections: { ok: true, problems: [] } });
    expect(json.projections.models.find((m) => m.model === 'violations')?.stored.rows).toBeGreaterThan(0);
    const text = await shiplog(['verify', '--projections']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('read models intact');
  });

  it('exits 4 naming deployments and the row when an artifact is swapped', async () => {
    const evil = `pkg:oci/checkout@sha256:${'e'.repeat(64)}?tag=1.2.0`;
    edit(
      `UPDATE deployments SET artifact_id = '${evil}', artifact_key = 'sha256:${'e'.repeat(64)}' WHERE rowid = (SELECT max(rowid) FROM deployments WHERE env = 'production')`,
    );
    const { code, json } = await verify();
    expect(code).toBe(4);
    expect(json.ledger.ok).toBe(true);
    expect(differing(json)).toEqual(['deployments']);
    const difference = json.projections.models.find((m) => m.model === 'deployments')?.firstDifference;
    expect(difference?.stored).toMatchObject({ artifact_id: evil });
    expect(difference?.replayed?.['artifact_id']).not.toBe(evil);
    const text = await shiplog(['verify', '--projections']);
    expect(text.code).toBe(4);
    expect(text.stdout).toContain('TAMPERED');
    expect(text.stdout).toContain('first difference in deployments');
  });

  it('exits 4 naming violations when a violation row is deleted', async () => {
    const db = new DatabaseSync(join(dir, '.shiplog', 'projections.db'));
    const deleted = db.prepare('SELECT * FROM violations WHERE rowid = 1').get();
    db.close();
    edit('DELETE FROM violations WHERE rowid = 1');
    const { code, json } = await verify();
    expect(code).toBe(4);
    expect(differing(json)).toEqual(['violations']);
    expect(json.projections.models.find((m) => m.model === 'violations')?.firstDifference).toEqual({
      stored: null,
      replayed: deleted,
    });
    expect(json.projections.problems.join('\n')).toContain('read model violations');
  });

  it('exits 4 naming deployments for a fake deployment, which the read commands refuse (exit 4)', async () => {
    edit(
      `INSERT INTO deployments SELECT 'fake', position, env, service, action, artifact_id, artifact_key, at_ms + 1, recorded_ms, source FROM deployments WHERE rowid = 1`,
    );
    const { code, json } = await verify();
    expect(code).toBe(4);
    expect(differing(json)).toEqual(['deployments']);
    expect(json.projections.models.find((m) => m.model === 'deployments')?.firstDifference).toMatchObject({
      stored: { event_id: 'fake' },
      replayed: null,
    });
    const deployed = await shiplog(['deployed', '--env', 'production', '--json']);
    expect(deployed.code).toBe(4);
    expect(deployed.stdout).toBe('');
    expect(deployed.stderr).toContain('read model deployments has');
  });

  it('catches a row edit whose recorded digest was rewritten to match (only the replay can tell)', async () => {
    edit(`UPDATE violations SET rule = 'NOTHING_TO_SEE' WHERE rowid = 1`);
    const before = await verify();
    const digest = before.json.projections.models.find((m) => m.model === 'violations')?.stored.digest;
    edit(`UPDATE model_digests SET digest = '${digest}' WHERE model = 'violations'`);
    const { code, json } = await verify();
    expect(code).toBe(4);
    const violations = json.projections.models.find((m) => m.model === 'violations');
    expect(violations?.recorded).toEqual(violations?.stored);
    expect(violations?.ok).toBe(false);
    expect(violations?.firstDifference?.stored).toMatchObject({ rule: 'NOTHING_TO_SEE' });
  });

  it('refuses to answer from a rewound checkpoint (no doubled history or DORA), and replay restores a verifiable state', async () => {
    const before = await shiplog(dora);
    const ledger = new DatabaseSync(join(dir, '.shiplog', 'ledger.db'));
    const at = ledger.prepare('SELECT position, hash FROM events WHERE position = 10').get();
    ledger.close();
    edit(`UPDATE checkpoint SET position = ${String(at?.['position'])}, hash = '${String(at?.['hash'])}'`);
    for (const args of [
      ['history', '--env', 'production', '--json'],
      ['dora', '--json'],
    ]) {
      const refused = await shiplog(args);
      expect(refused.code).toBe(4);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toContain('the checkpoint was moved back');
    }
    const { code, json } = await verify();
    expect(code).toBe(4);
    expect(json.projections.problems.join('\n')).toContain('past the checkpoint');

    expect((await shiplog(['replay'])).code).toBe(0);
    expect((await verify()).code).toBe(0);
    expect((await shiplog(['history', '--env', 'production', '--json'])).stdout).toBe(history);
    const again = await shiplog(dora);
    expect(again.stdout).toBe(before.stdout);
  });
});
