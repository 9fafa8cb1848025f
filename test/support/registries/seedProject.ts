import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tarGz } from '@shiplog/registries/testing/tarGz.ts';
import { localTarget } from './localReleaseFixture.ts';
import type { FixtureManifest, FixturePackage } from './localReleaseFixture.ts';
import type { LocalRegistries } from './localRegistries.ts';

// A generated project of the RuVector seed's shape (seeds/002): 26 tiny crates in a dependency
// DAG, 4 wasm modules, 5 napi-rs platform packages a CI matrix builds on its own runners (handed in
// prebuilt), the main npm package naming them in optionalDependencies, and a wheel.

export const seed = {
  release: 'ruvector',
  version: '0.1.3',
  id: 'ruvector@0.1.3',
  npmMain: '@ruvector/core',
} as const;

/** napi-rs's platform names, with the os/cpu npm installs each on. */
export const napiPlatforms = [
  { label: 'linux-x64-gnu', os: 'linux', cpu: 'x64' },
  { label: 'linux-arm64-gnu', os: 'linux', cpu: 'arm64' },
  { label: 'darwin-x64', os: 'darwin', cpu: 'x64' },
  { label: 'darwin-arm64', os: 'darwin', cpu: 'arm64' },
  { label: 'win32-x64-msvc', os: 'win32', cpu: 'x64' },
] as const;

const crateWords = [
  'core',
  'metrics',
  'filter',
  'snapshot',
  'collections',
  'index',
  'hnsw',
  'quant',
  'storage',
  'wal',
  'graph',
  'gnn',
  'router',
  'cluster',
  'raft',
  'replication',
  'server',
  'client',
  'bench',
  'attention',
  'tiny-dancer',
  'sona',
  'learning',
  'compress',
  'node',
  'cli',
];
export const crateNames = crateWords.map((w) => `ruvector-${w}`);
export const wasmModules = ['ruvector-wasm', 'ruvector-gnn-wasm', 'ruvector-graph-wasm', 'tiny-dancer-wasm'];
export const platformPackage = (label: string): string => `@ruvector/core-${label}`;
/** The file `npm pack` names a package's tarball. */
export const tgzOf = (name: string): string =>
  `${name.replace(/^@/, '').replace('/', '-')}-${seed.version}.tgz`;
export const wheel = `ruvector-${seed.version}-py3-none-any.whl`;

/** Crate i uses crate (i-1)>>1 and crate i-4; the last (the CLI) uses every crate nothing else uses. */
export function crateDeps(): number[][] {
  const deps = crateNames.map((_, i) =>
    i === 0 ? [] : [...new Set([(i - 1) >> 1, ...(i >= 4 ? [i - 4] : [])])],
  );
  const last = crateNames.length - 1;
  const used = new Set(deps.slice(0, last).flat());
  deps[last] = crateNames.map((_, i) => i).filter((i) => i < last && !used.has(i));
  return deps;
}

function closure(deps: number[][], i: number, into = new Set<number>()): Set<number> {
  for (const d of deps[i] ?? []) if (!into.has(d)) closure(deps, d, into.add(d));
  return into;
}

/** A prebuilt platform package's tarball, as its matrix job's `npm pack` would make it. */
export function platformTarball(
  label: string,
  os: string,
  cpu: string,
  version: string = seed.version,
  build = 1,
): Uint8Array {
  const name = platformPackage(label);
  return tarGz({
    'package/package.json': JSON.stringify({
      name,
      version,
      os: [os],
      cpu: [cpu],
      main: 'index.js',
      license: 'MIT',
    }),
    'package/index.js': `module.exports = { platform: '${label}', build: ${build} };\n`,
  });
}

const write = async (path: string, text: string): Promise<void> => {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, text);
};

/** Where a package of the project goes locally: the fixture's targets, tokens from the environment. */
const target = (registries: LocalRegistries, ecosystem: FixturePackage['ecosystem'], name: string) =>
  localTarget(
    {
      name,
      ecosystem,
      registry: { url: '', repository: `ruvector/${name}`, credentials: { from: 'env', variable: 'UNUSED' } },
    },
    registries,
  );

/** Writes the project's sources under `dir` and answers its release manifest for `registries`. */
export async function writeSeedProject(dir: string, registries: LocalRegistries): Promise<FixtureManifest> {
  const deps = crateDeps();
  const v = seed.version;
  await write(
    join(dir, 'crates', 'Cargo.toml'),
    `[workspace]\nresolver = "2"\nmembers = [${crateWords.map((w) => `"${w}"`).join(', ')}]\n`,
  );
  for (const [i, name] of crateNames.entries()) {
    const uses = (deps[i] ?? []).map(
      (d) => `${crateNames[d]} = { path = "../${crateWords[d]}", version = "${v}" }`,
    );
    await write(
      join(dir, 'crates', crateWords[i] ?? '', 'Cargo.toml'),
      `[package]\nname = "${name}"\nversion = "${v}"\nedition = "2021"\ndescription = "${name}, a crate of the generated RuVector-shaped release."\nlicense = "MIT"\n\n[dependencies]\n${uses.join('\n')}\n`,
    );
    await write(join(dir, 'crates', crateWords[i] ?? '', 'src', 'lib.rs'), `pub fn id() -> usize { ${i} }\n`);
  }
  for (const [i, name] of wasmModules.entries())
    await write(
      join(dir, 'wasm', name, 'module.wat'),
      `(module (func (export "answer") (result i32) i32.const ${42 + i}))\n`,
    );
  const optional = Object.fromEntries(napiPlatforms.map((p) => [platformPackage(p.label), v]));
  await write(
    join(dir, 'npm', 'core', 'package.json'),
    JSON.stringify(
      {
        name: seed.npmMain,
        version: v,
        main: 'index.js',
        license: 'MIT',
        files: ['index.js'],
        optionalDependencies: optional,
      },
      null,
      2,
    ),
  );
  await write(
    join(dir, 'npm', 'core', 'index.js'),
    'module.exports = require(`@ruvector/core-${process.platform}-${process.arch}-gnu`);\n',
  );
  await write(
    join(dir, 'python', 'pyproject.toml'),
    `[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "ruvector"\nversion = "${v}"\nlicense = { text = "MIT" }\nrequires-python = ">=3.9"\n\n[tool.setuptools]\npackages = ["ruvector"]\n`,
  );
  await write(join(dir, 'python', 'ruvector', '__init__.py'), `__version__ = "${v}"\n`);

  const crates = crateNames.map((name, i) => {
    const with_ = [...closure(deps, i)].sort((a, b) => a - b).flatMap((d) => ['-p', crateNames[d] ?? '']);
    return {
      name,
      ecosystem: 'cargo' as const,
      build: {
        source: 'crates',
        command: ['cargo', 'package', ...with_, '-p', name, '--offline', '--no-verify', '--allow-dirty'],
        outputs: [`target/package/${name}-${v}.crate`],
      },
      dependsOn: (deps[i] ?? []).map((d) => crateNames[d] ?? ''),
      registry: target(registries, 'cargo', name),
    };
  });
  const wasm = wasmModules.map((name) => ({
    name,
    ecosystem: 'oci-wasm' as const,
    build: {
      source: `wasm/${name}`,
      command: ['wat2wasm', 'module.wat', '-o', `${name}.wasm`],
      outputs: [`${name}.wasm`],
    },
    registry: target(registries, 'oci-wasm', name),
  }));
  const platforms = napiPlatforms.map((p) => ({
    name: platformPackage(p.label),
    ecosystem: 'npm' as const,
    build: {
      // What the matrix job runs on its own runner; shiplog records it and never runs it.
      source: 'npm/core',
      command: ['napi', 'build', '--platform', '--release', '--target', p.label],
      outputs: [`npm/${p.label}/${tgzOf(platformPackage(p.label))}`],
      platform: p.label,
      prebuilt: true,
    },
    registry: target(registries, 'npm', platformPackage(p.label)),
  }));
  const main = {
    name: seed.npmMain,
    ecosystem: 'npm' as const,
    build: {
      source: 'npm/core',
      command: ['npm', 'pack', '--pack-destination', '.', '--ignore-scripts'],
      outputs: [tgzOf(seed.npmMain)],
    },
    dependsOn: platforms.map((p) => p.name),
    registry: target(registries, 'npm', seed.npmMain),
  };
  const python = {
    name: 'ruvector',
    ecosystem: 'pypi' as const,
    build: {
      source: 'python',
      command: ['/usr/bin/python3', '-m', 'build', '--wheel', '--no-isolation', '--outdir', 'dist', '.'],
      outputs: [`dist/${wheel}`],
    },
    registry: target(registries, 'pypi', 'ruvector'),
  };
  return { release: seed.release, version: v, packages: [...crates, ...wasm, ...platforms, main, python] };
}
