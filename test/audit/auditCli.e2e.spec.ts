// The read commands through the real `shiplog` binary, as child processes: exit codes, one JSON
// document on stdout, and the same answers the library gives.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProjections } from '@shiplog/projections';
import type { Projections } from '@shiplog/projections';
import type { EventStore } from '@shiplog/store';
import { ck3, ck4, NOW, t } from './auditScenario.ts';
import { recordScenario } from './recordScenario.ts';
import { shiplog as runShiplog } from '../support/shiplogCli.ts';

let dir: string;
let store: EventStore;
let library: Projections;

// The default store of the CLI (sqlite:./.shiplog/ledger.db) under `cwd`: no SHIPLOG_* is passed.
const shiplog = (args: readonly string[], cwd = dir) => runShiplog(args, { cwd });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-cli-audit-'));
  await mkdir(join(dir, '.shiplog'));
  // The default store of the CLI: sqlite:./.shiplog/ledger.db under its working directory.
  ({ store } = await recordScenario(dir, join(dir, '.shiplog', 'ledger.db')));
  library = await openProjections({ store, path: join(dir, 'library-projections.db') });
  await library.catchUp();
});

afterAll(async () => {
  await library?.close();
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('shiplog read commands', () => {
  it('deployed --json: exit 0 and the library answer, --at and --known-at', async () => {
    const run = await shiplog(['deployed', '--env', 'production', '--at', t(34, 12), '--json']);
    expect(run.code).toBe(0);
    const answer = JSON.parse(run.stdout) as { services: { service: string; artifactId: string }[] };
    expect(answer).toEqual(await library.deployed({ env: 'production', at: t(34, 12) }));
    expect(answer.services.find((s) => s.service === 'checkout')?.artifactId).toBe(ck3.purl);
    const known = await shiplog([
      'deployed',
      '--env',
      'production',
      '--at',
      t(34, 12),
      '--known-at',
      t(34, 12),
      '--json',
    ]);
    expect(JSON.parse(known.stdout)).toEqual(
      await library.deployed({ env: 'production', at: t(34, 12), knownAt: t(34, 12) }),
    );
  });

  it('history, dora and why print one JSON document each', async () => {
    const history = await shiplog(['history', '--env', 'production', '--service', 'payments', '--json']);
    expect(history.code).toBe(0);
    expect(JSON.parse(history.stdout)).toEqual(
      await library.history({ env: 'production', service: 'payments' }),
    );
    const dora = await shiplog(['dora', '--since', t(12), '--until', NOW, '--json']);
    expect(dora.code).toBe(0);
    expect(JSON.parse(dora.stdout)).toEqual(await library.dora({ now: NOW }));
    const why = await shiplog(['why', ck4.digest, '--json']);
    expect(why.code).toBe(0);
    expect(JSON.parse(why.stdout)).toEqual(await library.why(ck4.digest));
  });

  it('prints human answers without --json', async () => {
    const run = await shiplog(['deployed', '--env', 'production', '--at', t(40, 12)]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`checkout  ${ck3.purl}`);
    expect(run.stdout).toContain('rolledback');
  });

  it('replay rebuilds and the answers stay the same', async () => {
    const before = await shiplog(['why', 'C4', '--json']);
    const replayed = await shiplog(['replay', '--json']);
    expect(replayed.code).toBe(0);
    expect(JSON.parse(replayed.stdout)).toMatchObject({ applied: library.checkpoint().applied });
    const after = await shiplog(['why', 'C4', '--json']);
    expect(after.stdout).toBe(before.stdout);
  });

  it('says on stderr, never in --json, when replay --until froze the answers', async () => {
    expect((await shiplog(['replay', '--until', t(3)])).code).toBe(0);
    const frozen = await shiplog(['history', '--env', 'production', '--json']);
    expect(frozen.stderr).toContain('frozen at');
    expect(() => JSON.parse(frozen.stdout) as unknown).not.toThrow();
    expect((await shiplog(['replay'])).code).toBe(0);
    expect((await shiplog(['history', '--env', 'production'])).stderr).not.toContain('frozen');
    expect((await shiplog(['deployed', '--env', 'production', '--at', '2026-02-30T00:00:00Z'])).code).toBe(2);
  });

  it('names the flag at fault, where the library names its own query field', async () => {
    const refused = await library
      .deployed({ env: 'production', knownAt: 'soon' })
      .catch((err: unknown) => err);
    expect(refused).toMatchObject({ code: 'INVALID_QUERY', fields: ['knownAt'] });
    expect((refused as Error).message).not.toContain('--');
    const run = await shiplog(['deployed', '--env', 'production', '--known-at', 'soon']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("not 'soon' (--known-at)");
    expect((await shiplog(['dora', '--since', t(5), '--until', t(3)])).stderr).toContain(
      '(--since, --until)',
    );
  });

  it('exit 1 when nothing has that name, 2 for bad words, 1 without a ledger', async () => {
    const missing = await shiplog(['why', 'no-such-change', '--json']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr).toContain('no-such-change');
    expect((await shiplog(['deployed', '--env', 'production', '--at', 'yesterday'])).code).toBe(2);
    expect((await shiplog(['deployed', '--at', t(3)])).code).toBe(2);
    expect((await shiplog(['history', '--env', 'production', '--bogus'])).code).toBe(2);
    expect((await shiplog(['replay', '--until', 'soon'])).code).toBe(2);
    const empty = await mkdtemp(join(tmpdir(), 'shiplog-cli-empty-'));
    try {
      const noLedger = await shiplog(['dora', '--json'], empty);
      expect(noLedger.code).toBe(1);
      expect(noLedger.stdout).toBe('');
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
