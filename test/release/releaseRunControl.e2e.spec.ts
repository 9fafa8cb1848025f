import { describe, expect, it } from 'vitest';
import { npmPackage, useCheckedReleases } from './checkedRelease.ts';
import type { CheckedCase } from './checkedRelease.ts';
import { startShiplog } from '../support/shiplogCli.ts';
import { parseReleaseJson } from './releaseJson.ts';
import { noUploads } from './releaseSeed.ts';
import { writeStrictPolicy } from './releaseWorkspace.ts';

// How a release run is steered: a dry run that finds something wrong fails, every missing
// credential is named at once, resume keeps run's policy, and Ctrl-C / SIGTERM record a summary.
const checked = useCheckedReleases();

/** One npm package `@shiplog-fixture/<name>` at 0.1.25, packed by npm (or built by `command`). */
function oneNpm(release: string, name: string, extra: Record<string, unknown> = {}): CheckedCase {
  const pkg = `@shiplog-fixture/${name}`;
  return {
    release,
    version: '0.1.25',
    files: {
      'p/package.json': JSON.stringify({ name: pkg, version: '0.1.25', license: 'MIT', main: 'index.js' }),
      'p/index.js': '',
    },
    packages: [npmPackage(checked.registries, pkg, 'p', `shiplog-fixture-${name}-0.1.25.tgz`, extra)],
  };
}

describe('release run --dry-run', () => {
  it('exits 1 when a build fails', async () => {
    const failing = oneNpm('dry-build', 'dry-build');
    const pkg = failing.packages[0] as { build: Record<string, unknown> };
    const { run, json, sent } = await checked.releases.run(
      { ...failing, packages: [{ ...pkg, build: { ...pkg.build, command: ['false'] } }] },
      ['--dry-run'],
    );
    expect(run.code, run.stderr).toBe(1);
    expect(json).toMatchObject({ status: 'failed', dryRun: true, error: { code: 'RECIPE_FAILED' } });
    expect(sent).toEqual(noUploads);
    // A dry run writes nothing to the ledger: no run, no failure, no summary of it there.
    expect((await checked.releases.events('')).filter((e) => e.includes('dry-build'))).toEqual([]);
  }, 120_000);

  it('exits 1 naming every missing credential at once', async () => {
    const two: CheckedCase = {
      ...oneNpm('dry-creds', 'dry-creds-a'),
      files: {
        ...oneNpm('dry-creds', 'dry-creds-a').files,
        'q/package.json': JSON.stringify({
          name: '@shiplog-fixture/dry-creds-b',
          version: '0.1.25',
          license: 'MIT',
          main: 'index.js',
        }),
        'q/index.js': '',
      },
      packages: [
        npmPackage(
          checked.registries,
          '@shiplog-fixture/dry-creds-a',
          'p',
          'shiplog-fixture-dry-creds-a-0.1.25.tgz',
          {
            registry: {
              url: checked.registries.npmUrl,
              credentials: { from: 'env', variable: 'E2E_UNSET_A' },
            },
          },
        ),
        npmPackage(
          checked.registries,
          '@shiplog-fixture/dry-creds-b',
          'q',
          'shiplog-fixture-dry-creds-b-0.1.25.tgz',
          {
            registry: {
              url: checked.registries.npmUrl,
              credentials: { from: 'env', variable: 'E2E_UNSET_B' },
            },
          },
        ),
      ],
    };
    const { run, json, sent } = await checked.releases.run(two, ['--dry-run']);
    expect(run.code, run.stderr).toBe(1);
    expect(json.error?.code).toBe('CREDENTIALS_MISSING');
    expect(json.error?.message).toContain('$E2E_UNSET_A');
    expect(json.error?.message).toContain('$E2E_UNSET_B');
    expect(sent).toEqual(noUploads);
  }, 120_000);
});

describe('release resume', () => {
  it('decides by the policy given to run, not the one the environment names now', async () => {
    const strict = await writeStrictPolicy(checked.releases.dir);
    const c = oneNpm('resume-policy', 'resume-policy');
    const denied = await checked.releases.run(c, ['--policy', strict]);
    expect(denied.run.code, denied.run.stderr).toBe(3);
    // The environment's policy (SHIPLOG_GATE_POLICY) would allow: resume must still deny.
    const resumed = await checked.releases.run(c, [], {}, 'resume');
    expect(resumed.run.code, resumed.run.stderr).toBe(3);
    expect(resumed.json.status).toBe('denied');
    expect(resumed.run.stderr).toContain('resuming with policy e2e-strict');
    expect(resumed.sent).toEqual(noUploads);
  }, 180_000);
});

describe('a run stopped by SIGTERM', () => {
  it('records its summary (RELEASE_INTERRUPTED), kills the running build and exits 1', async () => {
    const c = oneNpm('interrupted', 'interrupted');
    const pkg = c.packages[0] as { build: Record<string, unknown> };
    const manifest = await checked.releases.write({
      ...c,
      packages: [{ ...pkg, build: { ...pkg.build, command: ['sh', '-c', 'sleep 60'] } }],
    });
    const child = startShiplog(['release', 'run', manifest, '--json'], {
      cwd: checked.releases.dir,
      env: checked.releases.env,
    });
    const queued = child.stderrMatches(/queued/);
    await queued;
    const stoppedAt = Date.now();
    child.kill('SIGTERM');
    const { code, stdout, stderr } = await child.exited;
    expect(code, stderr).toBe(1);
    expect(Date.now() - stoppedAt).toBeLessThan(30_000);
    expect(parseReleaseJson(stdout, stderr)).toMatchObject({
      status: 'failed',
      error: { code: 'RELEASE_INTERRUPTED' },
    });
    const summaries = await checked.releases.events('pipelinerun.finished');
    expect(
      summaries.filter((s) => s.includes('interrupted@0.1.25') && s.includes('RELEASE_INTERRUPTED')),
    ).toHaveLength(1);
  }, 120_000);
});

describe('registry.paceSeconds', () => {
  it('spaces the uploads to one registry, both still published', async () => {
    const paced = {
      url: checked.registries.npmUrl,
      credentials: { from: 'env', variable: 'NPM_TOKEN' },
      paceSeconds: 2,
    };
    const a = oneNpm('paced', 'paced-a');
    const b = oneNpm('paced', 'paced-b');
    const { run, json } = await checked.releases.run({
      release: 'paced',
      version: '0.1.25',
      files: {
        ...a.files,
        ...Object.fromEntries(Object.entries(b.files).map(([p, c]) => [p.replace(/^p\//, 'q/'), c])),
      },
      packages: [
        npmPackage(
          checked.registries,
          '@shiplog-fixture/paced-a',
          'p',
          'shiplog-fixture-paced-a-0.1.25.tgz',
          { registry: paced },
        ),
        npmPackage(
          checked.registries,
          '@shiplog-fixture/paced-b',
          'q',
          'shiplog-fixture-paced-b-0.1.25.tgz',
          { registry: paced },
        ),
      ],
    });
    expect(run.code, run.stderr).toBe(0);
    expect(json.packages.map((p) => p.status)).toEqual(['published', 'published']);
    expect(run.stderr).toMatch(/pacing: \ds before the next upload/);
    const times = (await checked.releases.events('package.published'))
      .filter((e) => e.includes('paced-'))
      .map((e) => Date.parse((JSON.parse(e) as { context: { timestamp: string } }).context.timestamp))
      .sort();
    expect(times).toHaveLength(2);
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(1_900);
  }, 120_000);
});
