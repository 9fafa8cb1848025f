// Builds the npm packages of shiplog's command line and SDK: `npm run pack [-- --out DIR]`.
// Compiles with tsc (JavaScript + declarations), lays each package out as it is published
// (packaging/README.md), checks every import is declared, and runs `npm pack` on each.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { stagePackage } from './stagePackage.ts';
import { undeclaredImports } from './undeclaredImports.ts';
import { publishedClosure, workspacePackages } from './workspacePackages.ts';

/** What the packages are built for: the command line and the SDK, and what they depend on. */
export const publishedRoots = ['@shiplog/cli', '@shiplog/sdk'] as const;

const root = resolve(import.meta.dirname, '..');

function run(command: string, args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0
        ? resolvePromise(stdout)
        : reject(new Error(`${basename(command)} ${args.join(' ')} exited ${code}:\n${stdout}${stderr}`)),
    );
  });
}

/** Builds, stages and packs; resolves to the tarballs written to `out`. */
export async function packPackages(out: string): Promise<string[]> {
  const packages = publishedClosure(await workspacePackages(root), publishedRoots);
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  await run(process.execPath, [tsc, '-b', ...packages.map((p) => relative(root, p.dir))], root);

  const { engines } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    engines: { node: string };
  };
  const nodeMajor = /\d+/.exec(engines.node)?.[0] ?? '24';
  const stageRoot = join(out, 'stage');
  await rm(stageRoot, { recursive: true, force: true });
  const stages: string[] = [];
  const problems: string[] = [];
  for (const pkg of packages) {
    const stage = join(stageRoot, basename(pkg.dir));
    const manifest = await stagePackage(pkg, {
      stage,
      license: join(root, 'LICENSE'),
      engines: { node: `>=${nodeMajor}` },
    });
    for (const u of await undeclaredImports(join(stage, 'dist'), manifest.name, manifest.dependencies)) {
      problems.push(`${manifest.name}: dist/${u.file} imports ${u.specifier}, not in its dependencies`);
    }
    stages.push(stage);
  }
  if (problems.length > 0) throw new Error(`undeclared imports:\n${problems.join('\n')}`);

  await mkdir(out, { recursive: true });
  const packed = JSON.parse(
    await run(npmCommand(), ['pack', '--json', '--pack-destination', out, ...stages], root),
  ) as { filename: string }[];
  return packed.map((p) => join(out, p.filename));
}

/** The npm installed beside the running node, else the one on PATH. */
export function npmCommand(): string {
  const beside = join(dirname(process.execPath), 'npm');
  return existsSync(beside) ? beside : 'npm';
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { out: { type: 'string', default: join(root, 'dist', 'npm') } } });
  const tarballs = await packPackages(resolve(values.out));
  process.stdout.write(`${tarballs.join('\n')}\n`);
}
