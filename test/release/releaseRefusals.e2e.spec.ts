import { beforeAll, describe, expect, it } from 'vitest';
import { filesWithDigest } from '../support/registries/artifactFiles.ts';
import { alterFile, fixture } from './releaseFixtureNames.ts';
import { errorCodes, packageOf } from './releaseJson.ts';
import type { ReleaseRunJson } from './releaseJson.ts';
import { noUploads, useReleaseSeed } from './releaseSeed.ts';
import { writeStrictPolicy } from './releaseWorkspace.ts';
import type { ReleaseWorkspace } from './releaseWorkspace.ts';

// How `shiplog release run` refuses, fails and waits: a gate that denies, a missing credential,
// bytes altered in the artifact store, a crates registry rate limit. Each starts from a copy of
// one dry run's state (a dry run records nothing in the ledger, so each case builds into its own;
// see release.e2e.spec.ts for the release itself).
const seed = useReleaseSeed();

describe('a run that must not upload', () => {
  it('stops at a release gate that denies (tests required, none recorded): exit 3, status denied', async () => {
    const ws = await seed.openWorkspace({ registries: seed.registries, from: seed.workspace });
    const strict = await writeStrictPolicy(ws.stateDir);
    const denied = await ws.release('run', ws.fixture.manifestPath, ['--policy', strict]);
    expect(denied.run.code, denied.run.stderr).toBe(3);
    expect(denied.json).toMatchObject({ status: 'denied', gate: { decision: 'deny' } });
    const reasons = denied.json.gate?.artifacts.flatMap((a) => a.reasons.map((r) => r.code)) ?? [];
    expect(reasons).toContain('TESTS_MISSING');
    expect(seed.registries.attempts()).toEqual(noUploads);
  });

  it('fails before any upload when a credential variable is not set: CREDENTIALS_MISSING', async () => {
    const ws = await seed.openWorkspace({
      registries: seed.registries,
      from: seed.workspace,
      edit: (manifest) => ({
        ...manifest,
        packages: manifest.packages.map((p) =>
          p.name === fixture.npmMain
            ? {
                ...p,
                registry: {
                  ...p.registry,
                  credentials: { from: 'env', variable: 'SHIPLOG_E2E_UNSET_TOKEN' },
                },
              }
            : p,
        ),
      }),
    });
    const failed = await ws.release('run', ws.fixture.manifestPath);
    expect(failed.run.code, failed.run.stderr).toBe(1);
    expect(failed.json.status).toBe('failed');
    expect(errorCodes(failed.json)).toContain('CREDENTIALS_MISSING');
    expect(seed.registries.attempts()).toEqual(noUploads);
  });
});

describe('an artifact altered in the artifact store', () => {
  let ws: ReleaseWorkspace;
  let refused: Awaited<ReturnType<ReleaseWorkspace['release']>>;
  let wasmDigest: string;

  beforeAll(async () => {
    ws = await seed.freshCase();
    wasmDigest = seed.dry.json.gate?.artifacts.find((a) => a.package === fixture.wasm)?.digest ?? '';
    // Built, SBOM'd and signed into the ledger by a run the gate stops (a dry run records nothing).
    const strict = await writeStrictPolicy(ws.stateDir);
    const built = await ws.release('run', ws.fixture.manifestPath, ['--policy', strict]);
    expect(built.run.code, built.run.stderr).toBe(3);
    const stored = await filesWithDigest(ws.artifactsDir, wasmDigest);
    expect(stored.length, `the artifact store holds ${wasmDigest}`).toBeGreaterThan(0);
    for (const path of stored) await alterFile(path);
    refused = await ws.release('run', ws.fixture.manifestPath);
  }, 600_000);

  it('refuses the release before any upload: DIGEST_MISMATCH in the JSON, exit 1, nothing sent anywhere', () => {
    expect(refused.run.code, refused.run.stderr).toBe(1);
    expect(refused.json.status).toBe('failed');
    expect(ws.registries.attempts()).toEqual({ npm: 0, cargo: 0, pypi: 0, oci: 0 });
    expect(packageOf(refused.json, fixture.wasm)).toMatchObject({
      status: 'failed',
      error: { code: 'DIGEST_MISMATCH' },
    });
    expect(ws.registries.attempts().oci).toBe(0);
  });

  it('records a policy.violated DIGEST_MISMATCH naming the digest', async () => {
    const violations = (await ws.ledger()).filter((e) => e.type.includes('policy.violated'));
    const mismatch = violations.filter((e) => JSON.stringify(e.event).includes('DIGEST_MISMATCH'));
    expect(mismatch.length).toBeGreaterThan(0);
    expect(JSON.stringify(mismatch)).toContain(wasmDigest.replace(/^sha256:/, ''));
  });
});

describe('the crates test server answering 429 with a retry time', () => {
  let ws: ReleaseWorkspace;
  let waited: ReleaseRunJson;
  let code: number | null;

  beforeAll(async () => {
    ws = await seed.freshCase();
    ws.registries.crates.rateLimitPublishes(1, { seconds: 3 });
    const run = await ws.release('run', ws.fixture.manifestPath);
    waited = run.json;
    code = run.run.code;
  }, 600_000);

  it('waits until then, publishes, and says so in `waits`', () => {
    expect(code).toBe(0);
    expect(waited.status).toBe('published');
    const [retryAt] = ws.registries.crates.retryTimes;
    const crates = [packageOf(waited, fixture.crateCore), packageOf(waited, fixture.crateCalc)];
    const waits = crates.flatMap((p) => p.waits);
    expect(waits.map((w) => new Date(w.until).getTime())).toEqual([retryAt?.getTime()]);
    expect(crates.map((p) => p.status)).toEqual(['published', 'published']);
    expect(ws.registries.crates.uploads).toBe(2);
  });
});
