import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRecorder } from '@shiplog/ledger';
import { openStore } from '@shiplog/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../main.ts';
import { captureIo } from '../testing/captureIo.ts';

const fixture = join(import.meta.dirname, '../../../../test/fixtures/release/shiplog-release.json');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-release-cli-'));
});
afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

async function shiplog(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const c = captureIo({ cwd: dir, env: { SHIPLOG_STORE: `sqlite:${join(dir, 'none.db')}` } });
  const code = await main(args, c.io);
  return { code, stdout: c.out(), stderr: c.err() };
}

describe('shiplog release plan', () => {
  it('prints the publish order and, with nothing built yet, a gate that denies every package', async () => {
    const { code, stdout } = await shiplog('release', 'plan', fixture, '--json');
    expect(code).toBe(0);
    const { plan, gate } = JSON.parse(stdout) as {
      plan: { publishes: { package: string; wave: number }[] };
      gate: { decision: string; artifacts: { package: string; reasons: { code: string }[] }[] };
    };
    const order = plan.publishes.map((p) => p.package);
    expect(order.indexOf('shiplog-fixture-core')).toBeLessThan(order.indexOf('shiplog-fixture-calc'));
    expect(order.indexOf('@shiplog-fixture/native-linux-x64')).toBeLessThan(
      order.indexOf('@shiplog-fixture/native'),
    );
    expect(order.indexOf('@shiplog-fixture/native-darwin-arm64')).toBeLessThan(
      order.indexOf('@shiplog-fixture/native'),
    );
    expect(gate.decision).toBe('deny');
    expect(gate.artifacts).toHaveLength(7);
    expect(new Set(gate.artifacts.flatMap((a) => a.reasons.map((r) => r.code)))).toEqual(
      new Set(['ARTIFACT_NOT_BUILT']),
    );
  });

  it('judges the artifacts the ledger has for this version, and records nothing', async () => {
    const connection = `sqlite:${join(dir, 'ledger.db')}`;
    const store = await openStore(connection);
    const digest = `sha256:${'ab'.repeat(32)}`;
    await createRecorder({ store }).record({
      value: {
        context: {
          specversion: '0.5.1',
          id: 'core-packaged',
          source: '/ci',
          type: 'dev.cdevents.artifact.packaged.0.3.0',
          timestamp: '2026-11-21T10:00:00Z',
        },
        subject: {
          id: `pkg:cargo/shiplog-fixture-core@1.2.0?checksum=${digest}`,
          content: { change: { id: 'c1' } },
        },
      },
    });
    const count = async () => {
      let n = 0;
      for await (const record of store.readAll()) if (record.id !== '') n++;
      return n;
    };
    const before = await count();
    const { code, stdout } = await shiplog('release', 'plan', fixture, '--json', '--store', connection);
    expect(code).toBe(0);
    const { gate } = JSON.parse(stdout) as {
      gate: { artifacts: { package: string; digest?: string; reasons: { code: string }[] }[] };
    };
    const core = gate.artifacts.find((a) => a.package === 'shiplog-fixture-core');
    expect(core?.digest).toBe(digest);
    const codes = core?.reasons.map((r) => r.code) ?? [];
    expect(codes).toEqual(expect.arrayContaining(['SBOM_MISSING', 'SIGNATURE_MISSING', 'TESTS_MISSING']));
    expect(codes).not.toContain('ARTIFACT_NOT_BUILT');
    expect(await count()).toBe(before);
    await store.close();
  });

  it('names every bad field of an invalid manifest and exits 1', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(
      bad,
      JSON.stringify({ release: 'r', version: 'x', packages: [{ name: 'a', ecosystem: 'maven' }] }),
    );
    const { code, stderr } = await shiplog('release', 'plan', bad);
    expect(code).toBe(1);
    expect(stderr).toContain('MANIFEST_INVALID');
    expect(stderr).toContain('  version: ');
    expect(stderr).toContain('  packages[0].ecosystem: ');
    expect(stderr).toContain('  packages[0].build: ');
  });

  it('is a usage error without a manifest or with an action that does not exist yet', async () => {
    expect((await shiplog('release', 'plan')).code).toBe(2);
    expect((await shiplog('release', 'launch', fixture)).code).toBe(2);
  });
});

describe('shiplog release add-artifact: the command line', () => {
  it('refuses words that do not make a hand-in (exit 2), naming what is off', async () => {
    const cases: [string[], string][] = [
      [['release', 'add-artifact', fixture], 'name the file or directory to hand in'],
      [['release', 'add-artifact', fixture, '--failed', 'broke'], '--failed needs --package NAME'],
      [
        ['release', 'add-artifact', fixture, 'x.tgz', '--package', 'p', '--failed', 'broke'],
        'leave out PATH',
      ],
      [['release', 'status', fixture, '--platform', 'linux-x64-gnu'], '--platform is for add-artifact'],
      [['release', 'add-artifact', fixture, 'x.tgz', '--timeout', '5'], '--timeout is for run and resume'],
      [['release', 'run', fixture, '--timeout', 'soon'], '--timeout takes whole seconds'],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await shiplog(...args);
      expect([code, stderr], args.join(' ')).toEqual([2, expect.stringContaining(message)]);
    }
  });

  it('refuses a file for a manifest that marks nothing prebuilt, recording nothing (exit 1)', async () => {
    const file = join(dir, 'shiplog-fixture-native-linux-x64-1.2.0.tgz');
    await writeFile(file, 'not built by a matrix job');
    const { code, stderr } = await shiplog('release', 'add-artifact', fixture, file);
    expect(code).toBe(1);
    expect(stderr).toContain('PACKAGE_NOT_PREBUILT');
  });
});
