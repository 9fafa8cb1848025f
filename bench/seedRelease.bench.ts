// Seed 002 at its own scale (`npm run bench -- --only seedRelease`): `shiplog release run` of the
// generated RuVector-shaped project — 26 crates in a DAG, 4 wasm modules, 5 napi platform packages
// handed in by (simulated) matrix jobs, the main npm package, a wheel — to the local registries,
// against what a release script does with the same packages in the same run: `cargo publish
// --workspace` to a second crates test server, then one `npm publish` after the other of the same
// six npm tarballs to a second Verdaccio. The release's figure is its whole wall time (build, SBOM,
// sign, gate, publish of all 37 packages); the baseline builds nothing it does not publish and
// signs nothing.
import { generateKeyPairSync } from 'node:crypto';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { filesWithDigest } from '@shiplog/test/registries/artifactFiles.ts';
import { startLocalRegistries } from '@shiplog/test/registries/localRegistries.ts';
import type { LocalRegistries } from '@shiplog/test/registries/localRegistries.ts';
import { runCommand } from '@shiplog/test/registries/runCommand.ts';
import {
  crateNames,
  napiPlatforms,
  platformPackage,
  platformTarball,
  seed,
  tgzOf,
  writeSeedProject,
} from '@shiplog/test/registries/seedProject.ts';
import { shiplog } from '@shiplog/test/shiplogCli.ts';
import { artifactsOnlyPolicy } from '@shiplog/ledger/testing/artifactsOnlyPolicy.ts';
import type { BenchContext, Figure } from './benchTypes.ts';
import { npmPublishAll } from './npmPublishAll.ts';

/** The release through the real command: hand-ins first (the matrix jobs), then the timed `release run`. */
async function releaseRun(
  dir: string,
  registries: LocalRegistries,
): Promise<{ wallMs: number; npmTarballs: string[] }> {
  const manifest = join(dir, 'shiplog-release.json');
  await writeFile(manifest, JSON.stringify(await writeSeedProject(dir, registries), null, 2));
  const { privateKey } = generateKeyPairSync('ed25519');
  await writeFile(join(dir, 'signing.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  await writeFile(join(dir, 'policy.json'), JSON.stringify(artifactsOnlyPolicy('bench-seed-release')));
  const env = {
    ...registries.env,
    SHIPLOG_STORE: `sqlite:${join(dir, 'ledger.db')}`,
    SHIPLOG_ARTIFACTS_DIR: join(dir, 'artifacts'),
    SHIPLOG_SIGNING_KEY_FILE: join(dir, 'signing.pem'),
    SHIPLOG_SIGNING_KEY_HINT: 'bench',
    SHIPLOG_GATE_POLICY: join(dir, 'policy.json'),
  };
  for (const p of napiPlatforms) {
    const file = join(dir, 'matrix', p.label, tgzOf(platformPackage(p.label)));
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, platformTarball(p.label, p.os, p.cpu));
    const handed = await shiplog(['release', 'add-artifact', manifest, file, '--platform', p.label], {
      cwd: dir,
      env,
    });
    if (handed.code !== 0) throw new Error(`add-artifact ${p.label}: ${handed.stderr.slice(-1000)}`);
  }
  const started = performance.now();
  const run = await shiplog(['release', 'run', manifest, '--json'], { cwd: dir, env });
  const wallMs = performance.now() - started;
  const json = JSON.parse(run.stdout || '{}') as {
    status?: string;
    packages?: { ecosystem: string; files: { fileName: string; digest: string }[] }[];
  };
  if (run.code !== 0 || json.status !== 'published')
    throw new Error(`release run exited ${run.code} (${json.status}): ${run.stderr.slice(-2000)}`);
  // npm publishes a tarball by its .tgz name; the artifact store keeps bytes by digest.
  await mkdir(join(dir, 'tarballs'));
  const npmFiles = (json.packages ?? []).filter((p) => p.ecosystem === 'npm').flatMap((p) => p.files);
  const npmTarballs = await Promise.all(
    npmFiles.map(async ({ fileName, digest }) => {
      const [stored] = await filesWithDigest(join(dir, 'artifacts'), digest);
      if (stored === undefined)
        throw new Error(`bench: ${fileName} (${digest}) is not in the artifact store`);
      await copyFile(stored, join(dir, 'tarballs', fileName));
      return join(dir, 'tarballs', fileName);
    }),
  );
  return { wallMs, npmTarballs };
}

/** `cargo publish --workspace` of the same 26 crates, then sequential `npm publish` of the same tarballs. */
async function scriptedPublish(
  dir: string,
  registries: LocalRegistries,
  npmTarballs: readonly string[],
): Promise<number> {
  await writeSeedProject(dir, registries);
  // cargo's own way: each path dependency names the registry it is published to.
  for (const word of crateNames.map((n) => n.slice('ruvector-'.length))) {
    const toml = join(dir, 'crates', word, 'Cargo.toml');
    const text = await readFile(toml, 'utf8');
    await writeFile(
      toml,
      text.replaceAll(`version = "${seed.version}" }`, `version = "${seed.version}", registry = "bench" }`),
    );
  }
  await mkdir(join(dir, 'crates', '.cargo'), { recursive: true });
  await writeFile(
    join(dir, 'crates', '.cargo', 'config.toml'),
    `[registries.bench]\nindex = "sparse+${registries.crates.indexUrl}"\n`,
  );
  const started = performance.now();
  const cargo = await runCommand(
    'cargo',
    ['publish', '--workspace', '--registry', 'bench', '--no-verify', '--allow-dirty'],
    {
      cwd: join(dir, 'crates'),
      env: {
        ...process.env,
        CARGO_HOME: join(dir, 'cargo-home'),
        CARGO_REGISTRIES_BENCH_TOKEN: registries.env.CARGO_REGISTRY_TOKEN,
      },
    },
  );
  if (cargo.code !== 0) throw new Error(`cargo publish --workspace failed: ${cargo.stderr.slice(-2000)}`);
  const cargoMs = performance.now() - started;
  return (
    cargoMs +
    (await npmPublishAll(dir, npmTarballs, { url: registries.npmUrl, token: registries.env.NPM_TOKEN }))
  );
}

export async function run(ctx: BenchContext): Promise<Figure[]> {
  const forRelease = await startLocalRegistries({ npmScopes: ['@ruvector'], npmUplink: null });
  const forScript = await startLocalRegistries({ npmScopes: ['@ruvector'], npmUplink: null });
  try {
    ctx.log(
      `release run of ${seed.id}: 26 crates, 4 wasm modules, 5 handed-in napi packages, the main package, a wheel`,
    );
    const released = await releaseRun(join(ctx.dir, 'seed-release'), forRelease);
    ctx.log('cargo publish --workspace + sequential npm publish of the same packages');
    const scriptMs = await scriptedPublish(join(ctx.dir, 'seed-script'), forScript, released.npmTarballs);
    return [
      {
        name: 'seed release: whole run (build, SBOM, sign, gate, publish) of 37 packages',
        value: released.wallMs,
        unit: 'ms',
        baseline: scriptMs,
        ratio: released.wallMs / scriptMs,
        goal: 'reported (baseline: cargo publish --workspace + sequential npm publish, no SBOM or signing)',
        met: true,
      },
    ];
  } finally {
    await forRelease.stop();
    await forScript.stop();
  }
}
