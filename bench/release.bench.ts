// `shiplog release run` of N generated npm packages to Verdaccio against plain sequential
// `npm publish <tarball>` of the same tarballs (the ones the release built) to a second, empty
// Verdaccio, in the same run. The figure is the release's publish phase (`timings.publishMs`);
// the whole run (build, SBOM, sign, gate, publish) is reported beside it.
import { generateKeyPairSync } from 'node:crypto';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { filesWithDigest } from '@shiplog/test/registries/artifactFiles.ts';
import { startVerdaccio } from '@shiplog/test/registries/verdaccio.ts';
import type { Verdaccio } from '@shiplog/test/registries/verdaccio.ts';
import { shiplog } from '@shiplog/test/shiplogCli.ts';
import type { BenchContext, Figure } from './benchTypes.ts';
import { npmPublishAll } from './npmPublishAll.ts';
import { artifactsOnlyPolicy } from '@shiplog/ledger/testing/artifactsOnlyPolicy.ts';

const policy = artifactsOnlyPolicy('bench-release');

interface RunTimings {
  readonly publishMs: number;
  readonly totalMs: number;
}

/** A release manifest of `count` one-file npm packages under `scope`, each built with `npm pack`. */
async function writeRelease(dir: string, scope: string, count: number, registry: string): Promise<string> {
  const packages = [];
  for (let i = 0; i < count; i += 1) {
    const name = `${scope}/pkg-${i}`;
    const source = join(dir, 'pkgs', `pkg-${i}`);
    await mkdir(source, { recursive: true });
    await writeFile(
      join(source, 'package.json'),
      JSON.stringify({
        name,
        version: '1.0.0',
        description: `bench package ${i}`,
        license: 'MIT',
        main: 'index.js',
      }),
    );
    await writeFile(join(source, 'index.js'), `module.exports = ${i};\n`);
    packages.push({
      name,
      ecosystem: 'npm',
      build: {
        source: `pkgs/pkg-${i}`,
        command: ['npm', 'pack', '--pack-destination', '.', '--ignore-scripts'],
        outputs: [`${scope.slice(1)}-pkg-${i}-1.0.0.tgz`],
      },
      registry: { url: registry, credentials: { from: 'env', variable: 'NPM_TOKEN' } },
    });
  }
  const manifest = join(dir, 'shiplog-release.json');
  await writeFile(
    manifest,
    JSON.stringify({ release: `bench-${count}`, version: '1.0.0', packages }, null, 2),
  );
  return manifest;
}

async function releaseRun(
  dir: string,
  manifest: string,
  verdaccio: Verdaccio,
): Promise<{ timings: RunTimings; files: { fileName: string; digest: string }[] }> {
  const { privateKey } = generateKeyPairSync('ed25519');
  await writeFile(join(dir, 'signing.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  await writeFile(join(dir, 'policy.json'), JSON.stringify(policy));
  const run = await shiplog(['release', 'run', manifest, '--json'], {
    cwd: dir,
    env: {
      NPM_TOKEN: verdaccio.token,
      SHIPLOG_STORE: `sqlite:${join(dir, 'ledger.db')}`,
      SHIPLOG_ARTIFACTS_DIR: join(dir, 'artifacts'),
      SHIPLOG_SIGNING_KEY_FILE: join(dir, 'signing.pem'),
      SHIPLOG_SIGNING_KEY_HINT: 'bench',
      SHIPLOG_GATE_POLICY: join(dir, 'policy.json'),
    },
  });
  const json = JSON.parse(run.stdout || '{}') as {
    status?: string;
    timings?: RunTimings;
    packages?: { files: { fileName: string; digest: string }[] }[];
  };
  if (run.code !== 0 || json.status !== 'published' || json.timings === undefined)
    throw new Error(`release run exited ${run.code} (${json.status}): ${run.stderr.slice(-2000)}`);
  return {
    timings: json.timings,
    files: (json.packages ?? []).flatMap((p) => p.files),
  };
}

export async function run(ctx: BenchContext): Promise<Figure[]> {
  const sizes = ctx.quick ? [1, 10] : [1, 10, 50];
  const figures: Figure[] = [];
  for (const count of sizes) {
    const scope = `@shiplog-bench-${count}`;
    const dir = join(ctx.dir, `release-${count}`);
    await mkdir(dir, { recursive: true });
    const forRelease = await startVerdaccio({ localScopes: [scope] });
    const forNpm = await startVerdaccio({ localScopes: [scope] });
    try {
      const manifest = await writeRelease(dir, scope, count, forRelease.url);
      ctx.log(`release run of ${count} npm packages`);
      const { timings, files } = await releaseRun(dir, manifest, forRelease);
      // npm publishes a tarball by its .tgz name; the artifact store keeps bytes by digest.
      await mkdir(join(dir, 'tarballs'));
      const tarballs = await Promise.all(
        files.map(async ({ fileName, digest }) => {
          const [stored] = await filesWithDigest(join(dir, 'artifacts'), digest);
          if (stored === undefined)
            throw new Error(`bench: ${fileName} (${digest}) is not in the artifact store`);
          const tarball = join(dir, 'tarballs', fileName);
          await copyFile(stored, tarball);
          return tarball;
        }),
      );
      if (tarballs.length !== count)
        throw new Error(`bench: the release published ${tarballs.length} files, not ${count}`);
      ctx.log(`sequential npm publish of the same ${count} tarballs`);
      const npmMs = await npmPublishAll(dir, tarballs, forNpm);
      const ratio = timings.publishMs / npmMs;
      const goal = count === 50;
      figures.push(
        {
          name: `release: publish phase, ${count} npm packages to Verdaccio`,
          value: timings.publishMs,
          unit: 'ms',
          baseline: npmMs,
          ratio,
          goal: goal ? 'ratio ≤ 1.0 of sequential npm publish' : 'reported',
          met: goal ? ratio <= 1 : true,
        },
        {
          name: `release: whole run (build, SBOM, sign, gate, publish), ${count} npm packages`,
          value: timings.totalMs,
          unit: 'ms',
          baseline: npmMs,
          ratio: timings.totalMs / npmMs,
          goal: 'reported',
          met: true,
        },
      );
    } finally {
      await forRelease.close();
      await forNpm.close();
    }
  }
  return figures;
}
