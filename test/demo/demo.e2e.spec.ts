import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shiplog } from '../support/shiplogCli.ts';

const root = resolve(import.meta.dirname, '../..');
let dir: string;
let demoDir: string;
let stdout: string;

interface WhyJson {
  artifacts: { artifact: { digest: string | null }; steps: { stage: string; type: string }[] }[];
}

// One run of the whole demo (a real release to four local registries, then the deployments): the
// cases below read what it printed and what it left in its ledger.
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-demo-'));
  demoDir = join(dir, 'demo');
  // A NATS URL the demo must ignore: it runs on the embedded default.
  const env = { ...process.env, SHIPLOG_DEMO_DIR: demoDir, SHIPLOG_NATS_URL: 'nats://127.0.0.1:1' };
  ({ stdout } = await promisify(execFile)('bash', ['scripts/demo.sh'], {
    cwd: root,
    env,
    maxBuffer: 16 * 1024 * 1024,
  }));
}, 300_000);

afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** The digest of the wasm module the demo deployed, as it announced it. */
function deployedDigest(): string {
  const digest = /runs the wasm module (sha256:[0-9a-f]{64})/.exec(stdout)?.[1];
  expect(digest, 'the demo names the deployed digest').toBeDefined();
  return digest as string;
}

/** The lines printed under one `== title` heading of the demo. */
function section(title: string): string {
  const start = stdout.indexOf(`== ${title}`);
  expect(start, `section ${title}`).toBeGreaterThanOrEqual(0);
  const end = stdout.indexOf('\n== ', start + 1);
  return stdout.slice(start, end === -1 ? undefined : end);
}

describe('the main job (./dev demo)', () => {
  it('stops at the release gate without verification evidence, then publishes after it', () => {
    expect(section('Stage 2')).toMatch(/gate: deny, status: denied/);
    expect(section('Stage 2')).toContain('DENY TESTS_MISSING');
    const released = section('Stage 4');
    expect(released).toMatch(/gate: allow, status: published, npm latest moved: true/);
    // Seven packages across the four registries, every one published.
    expect(released.match(/^ {2}published /gm)).toHaveLength(7);
    for (const ecosystem of ['npm', 'cargo', 'pypi', 'oci-wasm'])
      expect(released).toMatch(new RegExp(`published +\\d+ +${ecosystem} `));
    // What the registries themselves stored: three npm packages, two crates, a wheel and an sdist.
    expect(stdout).toMatch(/uploads stored: \{"npm":3,"cargo":2,"pypi":2,"oci":\d+\}/);
  });

  it('verifies every built artifact on its stored bytes before the release', () => {
    const results = [
      ...section('Stage 3').matchAll(
        /^sha256:[0-9a-f]{64} {2}(\S+): tests (\d+)\/(\d+) passed, (\d+) secret/gm,
      ),
    ];
    // Eight files: two crates, a wheel and an sdist, three npm tarballs, the wasm module.
    expect(results.map((r) => r[1]).sort()).toEqual([
      'add.wasm',
      'shiplog-fixture-1.2.0.tar.gz',
      'shiplog-fixture-calc-1.2.0.crate',
      'shiplog-fixture-core-1.2.0.crate',
      'shiplog-fixture-native-1.2.0.tgz',
      'shiplog-fixture-native-darwin-arm64-1.2.0.tgz',
      'shiplog-fixture-native-linux-x64-1.2.0.tgz',
      'shiplog_fixture-1.2.0-py3-none-any.whl',
    ]);
    for (const [, , passed, total, secrets] of results) {
      expect(passed).toBe(total);
      expect(secrets).toBe('0');
    }
  });

  it('uploads nothing when the published release is resumed again', () => {
    const counts = /before (\{.*\}), after (\{.*\})/.exec(section('Resume once more'));
    expect(counts?.[1]).toMatch(/"npm":3,"cargo":2,"pypi":2/);
    expect(counts?.[2]).toBe(counts?.[1]);
  });

  it('installs back from Verdaccio the bytes the ledger recorded', () => {
    const installed = section('Installed back');
    expect(installed).toContain('"latest":"1.2.0"');
    expect(installed).toContain('installed, loads:');
  });

  it('runs a canary 10% -> 50% whose window fails, and shiplog decides the rollback to the last healthy version', () => {
    const canary = section('Production, a canary');
    expect(canary).toContain('DEPLOY_CHECK_FAILED');
    expect(canary).toContain('canary step 2 (50%)');
    expect(canary).toContain('error rate 30m: 0.12 against 0.01');
    const decided = section('shiplog decided the rollback itself');
    expect(decided).toMatch(
      /target +pkg:oci\/shiplog-fixture-add\?checksum=sha256:[0-9a-f]{64}&tag=1\.1\.0 \(completed healthy/,
    );
    expect(decided).toMatch(
      /decided +rollback to pkg:oci\/shiplog-fixture-add@1\.1\.0 by \S+Z: canary step 2 failed/,
    );
    expect(decided).not.toContain('OVERDUE');
    // The rollback came within the deadline: nothing else was flagged on the way.
    expect(section('An incident in production')).not.toContain('ROLLBACK_PAST_DEADLINE');
  });

  it('answers the auditor with the real digest: production rolled back, the why chain complete', async () => {
    const digest = deployedDigest();
    expect(section('shiplog deployed')).toMatch(
      /production at .*\n\s+fixture-add\s+pkg:oci\/shiplog-fixture-add\?checksum=sha256:[0-9a-f]{64}&tag=1\.1\.0/,
    );
    expect(section('shiplog deployed')).toContain('rolledback');
    const history = section('shiplog history');
    expect(history).toMatch(
      new RegExp(`upgraded +pkg:oci/shiplog-fixture-add\\?checksum=${digest}&tag=1\\.2\\.0`),
    );
    expect(history).toMatch(
      /rolledback +pkg:oci\/shiplog-fixture-add\?checksum=sha256:[0-9a-f]{64}&tag=1\.1\.0/,
    );
    expect(section('shiplog why')).toContain(digest);
    expect(section('shiplog dora')).toContain('change failure rate         50.0% (1 of 2)');

    const why = await shiplog(['why', digest, '--json'], {
      cwd: root,
      env: { SHIPLOG_STORE: `sqlite:${join(demoDir, 'ledger.db')}` },
    });
    expect(why.code).toBe(0);
    const chain = (JSON.parse(why.stdout) as WhyJson).artifacts.find((a) => a.artifact.digest === digest);
    const stages = new Set(chain?.steps.map((s) => s.stage));
    for (const stage of ['change', 'build', 'sbom', 'signature', 'verification', 'gate', 'release', 'deploy'])
      expect(stages, `why ${digest} has a ${stage} step`).toContain(stage);
  });

  it('catches a manual change in production with a snapshot; staging runs what was recorded', async () => {
    const digest = deployedDigest();
    const snapshots = section('shiplog snapshot');
    expect(snapshots).toMatch(/staging: snapshot recorded at position \d+, 1 running\n.*\nno drift/);
    expect(snapshots).toContain(
      `UNRECORDED_RUNTIME_CHANGE  fixture-add runs ${digest} in production but the ledger recorded`,
    );
    expect(snapshots).toMatch(new RegExp(`observed ${digest} at .*: UNRECORDED_RUNTIME_CHANGE`));
    const deployed = await shiplog(['deployed', '--env', 'production', '--json'], {
      cwd: root,
      env: { SHIPLOG_STORE: `sqlite:${join(demoDir, 'ledger.db')}` },
    });
    const answer = JSON.parse(deployed.stdout) as {
      services: { service: string; artifactId: string; observed: { digests: string[]; drift: string } }[];
    };
    expect(answer.services[0]?.artifactId).toContain('tag=1.1.0');
    expect(answer.services[0]?.observed).toMatchObject({
      digests: [digest],
      drift: 'UNRECORDED_RUNTIME_CHANGE',
    });
  });

  it('leaves an intact ledger and no registry running', async () => {
    expect(section('shiplog checkpoint')).toMatch(/signed checkpoint of \d+ records/);
    expect(section('shiplog verify')).toMatch(/ledger intact: \d+ records/);
    expect(section('shiplog verify')).toMatch(
      /checkpoints: 1 held and consistent with the log.*signatures verified/,
    );
    const verify = await shiplog(['verify'], {
      cwd: root,
      env: { SHIPLOG_STORE: `sqlite:${join(demoDir, 'ledger.db')}` },
    });
    expect(verify.code).toBe(0);
    const { npmUrl } = JSON.parse(await readFile(join(demoDir, 'registries.json'), 'utf8')) as {
      npmUrl: string;
    };
    await expect(fetch(`${npmUrl}-/ping`)).rejects.toThrow();
  });
});
