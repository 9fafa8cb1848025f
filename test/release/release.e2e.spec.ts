import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RegistryCounts } from '../support/registries/localRegistries.ts';
import { cosignView } from './cosignAttachments.ts';
import { cargoResolve, npmInstall, ociFetch, pipDownload } from './installBack.ts';
import { publishPriorNpmVersion } from './priorNpmRelease.ts';
import { distTags, fixture, npmPackages } from './releaseFixtureNames.ts';
import { packageOf, receiptsByFile } from './releaseJson.ts';
import { noUploads, useReleaseSeed } from './releaseSeed.ts';
import type { ReleaseWorkspace } from './releaseWorkspace.ts';

// The fixture release (2 crates, a wheel + sdist, 3 npm packages, a wasm module) through the real
// `shiplog release` command to Verdaccio, docker-registry and the crates and PyPI test servers,
// then fetched back with npm, cargo, pip and the OCI client. One dry run builds, signs and gates
// the release; the cases start from a copy of its ledger and artifact store.
const seed = useReleaseSeed();

describe('release run --dry-run', () => {
  it('builds, signs and gates every package, uploads nothing and writes nothing to the ledger', async () => {
    expect(seed.dry.run.code, seed.dry.run.stderr).toBe(0);
    expect(seed.dry.json).toMatchObject({ id: fixture.id, status: 'dry-run', gate: { decision: 'allow' } });
    expect(seed.dry.json.packages.map((p) => [p.name, p.status]).sort()).toEqual(
      [...npmPackages, fixture.crateCore, fixture.crateCalc, fixture.python, fixture.wasm]
        .map((name) => [name, 'would-publish'])
        .sort(),
    );
    expect(seed.registries.attempts()).toEqual(noUploads);
    expect(await seed.workspace.ledger()).toEqual([]);
  });
});

describe('one release run to all four registries', () => {
  let ws: ReleaseWorkspace;
  let first: Awaited<ReturnType<ReleaseWorkspace['release']>>;
  let receipts: ReturnType<typeof receiptsByFile>;
  const digestOf = (file: string): string => receipts.get(file)?.digest ?? `no receipt for ${file}`;

  let mintedBefore: { cargo: number; pypi: number };

  beforeAll(async () => {
    ws = await seed.freshCase();
    mintedBefore = { cargo: ws.registries.crates.tokensMinted, pypi: ws.registries.pypi.tokensMinted };
    first = await ws.release('run', ws.fixture.manifestPath);
    receipts = receiptsByFile(first.json);
  }, 600_000);

  it('mints one trusted-publishing token per package that uses it, for the whole run', () => {
    // shiplog-fixture-calc (crates) and shiplog-fixture (PyPI) publish by trusted publishing.
    expect({
      cargo: ws.registries.crates.tokensMinted - mintedBefore.cargo,
      pypi: ws.registries.pypi.tokensMinted - mintedBefore.pypi,
    }).toEqual({ cargo: 1, pypi: 1 });
  });

  it('publishes every package and moves npm latest, exit 0', () => {
    expect(first.run.code, first.run.stderr).toBe(0);
    expect(first.json.status).toBe('published');
    for (const pkg of first.json.packages) {
      expect(pkg.status, pkg.name).toBe('published');
      expect(pkg.files.length, pkg.name).toBeGreaterThan(0);
      for (const file of pkg.files) {
        expect(file.alreadyPublished, file.fileName).toBe(false);
        expect(file.digest, file.fileName).toMatch(/^sha256:[0-9a-f]{64}$/);
      }
    }
    expect([...first.json.latest.packages].sort()).toEqual([...npmPackages].sort());
    expect(first.json.latest.moved).toBe(true);
    const uploads = ws.registries.uploads();
    expect({ npm: uploads.npm, cargo: uploads.cargo, pypi: uploads.pypi }).toEqual({
      npm: 3,
      cargo: 2,
      pypi: 2,
    });
    expect(uploads.oci).toBeGreaterThanOrEqual(3);
  });

  it('publishes the bytes the dry run built and the gate allowed (one digest from build to receipt)', () => {
    const allowed = new Set(seed.dry.json.gate?.artifacts.map((a) => a.digest));
    for (const [file, receipt] of receipts) expect(allowed.has(receipt.digest), file).toBe(true);
  });

  it("lets npm install the main package from Verdaccio, pulling its platform package, with the receipts' bytes", async () => {
    const installed = await npmInstall(
      join(ws.dir, 'npm-app'),
      ws.registries.npmUrl,
      `${fixture.npmMain}@1.2.0`,
    );
    expect(installed.code, installed.stderr).toBe(0);
    const got = Object.fromEntries(installed.packages);
    expect(got[fixture.npmMain], JSON.stringify(got)).toEqual({
      digest: digestOf('shiplog-fixture-native-1.2.0.tgz'),
      integrityOk: true,
      version: '1.2.0',
    });
    if (process.platform === 'linux' && process.arch === 'x64') {
      expect(got[fixture.npmLinux], JSON.stringify(got)).toEqual({
        digest: digestOf('shiplog-fixture-native-linux-x64-1.2.0.tgz'),
        integrityOk: true,
        version: '1.2.0',
      });
    }
  });

  it("lets cargo resolve and fetch both crates from the sparse index, with the receipts' checksums", async () => {
    const resolved = await cargoResolve(
      join(ws.dir, 'cargo-app'),
      ws.registries.crates.indexUrl,
      fixture.crateCalc,
      '1.2.0',
    );
    expect(resolved.code, resolved.stderr).toBe(0);
    expect(Object.fromEntries(resolved.checksums)).toEqual({
      [fixture.crateCore]: digestOf('shiplog-fixture-core-1.2.0.crate'),
      [fixture.crateCalc]: digestOf('shiplog-fixture-calc-1.2.0.crate'),
    });
  });

  it("lets pip download the wheel and the sdist from the simple index, with the receipts' digests", async () => {
    const downloaded = await pipDownload(
      join(ws.dir, 'pip'),
      ws.registries.pypi.indexUrl,
      'shiplog-fixture==1.2.0',
    );
    expect(downloaded.code, downloaded.stderr).toBe(0);
    expect(Object.fromEntries(downloaded.files)).toEqual({
      'shiplog_fixture-1.2.0-py3-none-any.whl': digestOf('shiplog_fixture-1.2.0-py3-none-any.whl'),
      'shiplog-fixture-1.2.0.tar.gz': digestOf('shiplog-fixture-1.2.0.tar.gz'),
    });
  });

  it("serves the wasm artifact whose layer is the receipt's digest", async () => {
    const fetched = await ociFetch(
      ws.registries.ociUrl,
      ws.registries.env.OCI_AUTH,
      fixture.wasmRepository,
      '1.2.0',
    );
    expect(fetched.manifest?.manifest.config.mediaType).toBe('application/vnd.wasm.config.v0+json');
    expect(fetched.manifest?.manifest.layers.map((l) => l.digest)).toEqual([digestOf('add.wasm')]);
    expect(fetched.layerDigest).toBe(digestOf('add.wasm'));
  });

  it('attaches the signature and SBOM to the wasm manifest as cosign finds and verifies them', async () => {
    const at = { registryUrl: ws.registries.ociUrl, auth: ws.registries.env.OCI_AUTH, tag: '1.2.0' };
    const view = await cosignView(
      { ...at, repository: fixture.wasmRepository },
      join(ws.stateDir, 'signing.pem'),
    );
    const hex = view.manifestDigest.slice('sha256:'.length);
    // The recorded purl names the manifest (purl-spec oci), its checksum the wasm layer.
    const status = await ws.cli(['release', 'status', fixture.id, '--json']);
    const purl = (
      JSON.parse(status.stdout) as { artifacts: { fileName: string; purl: string }[] }
    ).artifacts.find((a) => a.fileName === 'add.wasm')?.purl;
    expect(purl).toMatch(
      new RegExp(
        `^pkg:oci/add@sha256%3A${hex}\\?checksum=${digestOf('add.wasm')}&repository_url=.+&tag=1\\.2\\.0$`,
      ),
    );
    // cosign verify-attestation: a DSSE layer under sha256-<hex>.att that verifies with the key and
    // whose statement names the manifest digest.
    expect(view.attestations).toHaveLength(1);
    expect(view.attestations[0]?.refusal).toBeUndefined();
    expect(view.attestations[0]?.subjects.map((s) => s.digest['sha256'])).toContain(hex);
    expect(view.sbomLayers).toEqual(['application/vnd.cyclonedx+json']);
    expect(view.referrers).toContainEqual(
      expect.objectContaining({
        artifactType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
        annotations: {
          'dev.sigstore.bundle.content': 'dsse-envelope',
          'dev.sigstore.bundle.predicateType': 'https://slsa.dev/provenance/v1',
        },
      }),
    );
  });

  it('leaves npm latest and the staging tag on the version', async () => {
    for (const name of npmPackages) {
      expect(await distTags(ws.registries.npmUrl, name), name).toMatchObject({
        latest: '1.2.0',
        'shiplog-staging': '1.2.0',
      });
    }
  });

  it('shows build → SBOM → signature → gate → publish receipt for each artifact with `why`', async () => {
    for (const [file, receipt] of receipts) {
      const why = await ws.cli(['why', receipt.digest, '--json']);
      expect(why.code, `${file}: ${why.stderr}`).toBe(0);
      const answer = JSON.parse(why.stdout) as {
        artifacts: { artifact: { digest: string | null }; steps: { stage: string; eventId: string }[] }[];
      };
      expect(
        answer.artifacts.map((a) => a.artifact.digest),
        file,
      ).toEqual([receipt.digest]);
      const stages = answer.artifacts[0]?.steps.map((s) => s.stage) ?? [];
      const firstOf = (stage: string): number => stages.indexOf(stage);
      for (const stage of ['build', 'sbom', 'signature', 'gate', 'release'])
        expect(stages, `${file} ${stage}`).toContain(stage);
      expect(firstOf('build')).toBeLessThan(firstOf('gate'));
      expect(firstOf('sbom')).toBeLessThan(firstOf('gate'));
      expect(firstOf('signature')).toBeLessThan(firstOf('gate'));
      expect(firstOf('gate')).toBeLessThan(firstOf('release'));
      const published = answer.artifacts[0]?.steps.filter((s) => s.stage === 'release').map((s) => s.eventId);
      expect(published, file).toContain(receipt.eventId);
    }
  });

  it('records one publish receipt per file and the run summary in the ledger, under the contract ids', async () => {
    const events = await ws.ledger();
    const published = events.filter((e) => e.type === 'dev.cdeventsx.shiplog-package.published.0.1.0');
    expect(published.map((e) => e.id).sort()).toEqual([...receipts.values()].map((r) => r.eventId).sort());
    for (const event of published)
      expect(event.id).toMatch(/^shiplog-fixture@1\.2\.0\.[\w.-]+\.published\.\d+$/);
    const summary = events.find((e) => e.id === first.json.summaryEventId);
    // CDEvents 0.5.1 defines pipelinerun.finished 0.3.0 (the contract text says 0.2.0).
    expect(summary?.type).toBe('dev.cdevents.pipelinerun.finished.0.3.0');
    expect(summary?.event.subject?.id).toBe('release/shiplog-fixture/1.2.0');
    expect(summary?.event.customData?.['summary']).toMatchObject({
      status: 'published',
      run: first.json.run,
    });
  });

  it('uploads nothing when the finished release is run again', async () => {
    const before = ws.registries.attempts();
    const again = await ws.release('run', ws.fixture.manifestPath);
    expect(again.run.code, again.run.stderr).toBe(0);
    expect(again.json.status).toBe('published');
    expect(ws.registries.attempts()).toEqual(before);
    for (const pkg of again.json.packages) expect(pkg.status, pkg.name).toBe('already-published');
  });

  it("answers release status from the ledger, with the receipts' files and digests", async () => {
    const status = await ws.cli(['release', 'status', fixture.id, '--json']);
    expect(status.code, status.stderr).toBe(0);
    const json = JSON.parse(status.stdout) as {
      id: string;
      status: string;
      runs: { run: number; status: string }[];
      artifacts: { package: string; fileName: string; digest: string }[];
    };
    expect(json).toMatchObject({ id: fixture.id, status: 'published' });
    expect(json.runs.find((r) => r.run === first.json.run)?.status).toBe('published');
    expect(Object.fromEntries(json.artifacts.map((a) => [a.fileName, a.digest]))).toEqual(
      Object.fromEntries([...receipts].map(([file, receipt]) => [file, receipt.digest])),
    );
  });
});

describe('a registry down mid-release', () => {
  let ws: ReleaseWorkspace;
  let partial: Awaited<ReturnType<ReleaseWorkspace['release']>>;
  let afterPartial: RegistryCounts;

  beforeAll(async () => {
    // Its own ledger, not the seed's: `resume ID` takes the manifest of the release's first run,
    // which must name these registries.
    ws = await seed.freshCase({ reuseBuilds: false });
    const registries = ws.registries;
    await publishPriorNpmVersion(registries.npmUrl, registries.env.NPM_TOKEN, '1.1.0');
    // PyPI goes down after the run exchanged its OIDC token: every upload answers 503.
    registries.pypi.failUploads(503);
    partial = await ws.release('run', ws.fixture.manifestPath);
    afterPartial = registries.uploads();
    registries.pypi.failUploads(undefined);
  }, 600_000);

  it('records the run as partial, exit 1: PyPI failed, its wave published, later waves held or out', () => {
    expect(partial.run.code, partial.run.stderr).toBe(1);
    expect(partial.json.status).toBe('partial');
    const python = packageOf(partial.json, fixture.python);
    expect(python).toMatchObject({ status: 'failed', error: { code: 'REGISTRY_UNAVAILABLE' } });
    for (const pkg of partial.json.packages.filter((p) => p.name !== fixture.python)) {
      if (pkg.wave <= python.wave) expect(pkg.status, pkg.name).toBe('published');
      else expect(['published', 'not-attempted'], pkg.name).toContain(pkg.status);
    }
    expect(afterPartial.pypi).toBe(0);
  });

  it('keeps npm latest on the previous version; what went out sits under the staging tag', async () => {
    expect(partial.json.latest.moved).toBe(false);
    for (const name of npmPackages) {
      const tags = await distTags(ws.registries.npmUrl, name);
      expect(tags['latest'], name).toBe('1.1.0');
      if (packageOf(partial.json, name).status === 'published')
        expect(tags['shiplog-staging'], name).toBe('1.2.0');
    }
  });

  it('completes with release resume ID, uploading each missing file once and nothing twice, then moves latest', async () => {
    const attemptsBefore = ws.registries.attempts();
    const uploadsBefore = ws.registries.uploads();
    const resumed = await ws.release('resume', fixture.id);
    expect(resumed.run.code, resumed.run.stderr).toBe(0);
    expect(resumed.json).toMatchObject({ status: 'published', latest: { moved: true } });
    // Every write request of the resume stored something new: no upload was repeated or refused.
    const attempts = ws.registries.attempts();
    const uploads = ws.registries.uploads();
    for (const registry of ['npm', 'cargo', 'pypi', 'oci'] as const) {
      expect(attempts[registry] - attemptsBefore[registry], registry).toBe(
        uploads[registry] - uploadsBefore[registry],
      );
    }
    // 3 of the 6 npm uploads are the 1.1.0 packages published before the release.
    expect({ npm: uploads.npm, cargo: uploads.cargo, pypi: uploads.pypi }).toEqual({
      npm: 6,
      cargo: 2,
      pypi: 2,
    });
    for (const name of npmPackages)
      expect((await distTags(ws.registries.npmUrl, name))['latest'], name).toBe('1.2.0');
    // What the partial run got out is already published; the rest goes out now.
    for (const pkg of partial.json.packages) {
      const expected = pkg.status === 'published' ? 'already-published' : 'published';
      expect(packageOf(resumed.json, pkg.name).status, pkg.name).toBe(expected);
    }
  });
});
