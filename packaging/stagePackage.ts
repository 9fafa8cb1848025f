import { access, copyFile, cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { Manifest, WorkspacePackage } from './workspacePackages.ts';

/** A conditional export of built code: the types and the JavaScript. */
interface BuiltExport {
  readonly types: string;
  readonly default: string;
}

/** The package.json npm publishes: built JavaScript and declarations, nothing for development. */
export interface PublishedManifest {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly license: string;
  readonly type: 'module';
  readonly engines: Readonly<Record<string, string>>;
  readonly exports?: Readonly<Record<string, BuiltExport | string>>;
  readonly bin?: Readonly<Record<string, string>>;
  readonly files: readonly string[];
  readonly dependencies: Readonly<Record<string, string>>;
  readonly publishConfig: { readonly access: 'public' };
}

const isTestCode = (path: string): boolean =>
  /\.spec\.(js|d\.ts)$/.test(path) || path.split('/').includes('testing');

/** `./src/x.ts` → the built `./dist/x.js` and `./dist/x.d.ts`; other targets unchanged; testing entries dropped. */
function publishedExports(manifest: Manifest): {
  exports: Record<string, BuiltExport | string>;
  dirs: string[];
} {
  const exports: Record<string, BuiltExport | string> = {};
  const dirs: string[] = [];
  for (const [key, target] of Object.entries(manifest.exports ?? {})) {
    if (isTestCode(key.slice(2)) || isTestCode(target.slice(2))) continue;
    const source = /^\.\/src\/(.+)\.ts$/.exec(target);
    if (source === null) {
      dirs.push(target.slice(2).split('/')[0] ?? '');
      exports[key] = target;
      continue;
    }
    exports[key] = { types: `./dist/${source[1]}.d.ts`, default: `./dist/${source[1]}.js` };
  }
  return { exports, dirs: dirs.filter((d) => d !== '') };
}

/**
 * Copies what tsc emitted for `src` (dist/src: .js and .d.ts, no tests, no testing helpers, nothing
 * left over from a deleted source) to `to`, at the depth of src so relative paths stay the same.
 */
async function copyBuilt(pkg: WorkspacePackage, to: string): Promise<number> {
  // A package nothing imports (the command line) ships no declarations.
  const declarations = pkg.manifest.exports !== undefined;
  const built = join(pkg.dir, 'dist', 'src');
  let files: string[];
  try {
    files = (await readdir(built, { recursive: true })).map((f) => f.split('\\').join('/'));
  } catch {
    throw new Error(`${pkg.manifest.name}: nothing built in ${built}; run npx tsc -b first`);
  }
  let copied = 0;
  for (const file of files) {
    const stem = /^(.+?)(\.d\.ts|\.js)$/.exec(file);
    if (stem === null || isTestCode(file) || (stem[2] === '.d.ts' && !declarations)) continue;
    const source = join(pkg.dir, 'src', `${stem[1]}.ts`);
    if (
      !(await access(source).then(
        () => true,
        () => false,
      ))
    )
      continue;
    await mkdir(dirname(join(to, file)), { recursive: true });
    await copyFile(join(built, file), join(to, file));
    copied += 1;
  }
  if (copied === 0) throw new Error(`${pkg.manifest.name}: no built files in ${built}`);
  return copied;
}

/** Writes the bin scripts of the package, pointed at the built code instead of the sources. */
async function stageBins(pkg: WorkspacePackage, stage: string): Promise<void> {
  for (const bin of Object.values(pkg.manifest.bin ?? {})) {
    const text = await readFile(join(pkg.dir, bin), 'utf8');
    const built = text.replace(/'\.\.\/src\/([^']+)\.ts'/g, "'../dist/$1.js'");
    if (built === text)
      throw new Error(`${pkg.manifest.name}: ${bin} imports no ../src/*.ts module to point at dist`);
    await mkdir(dirname(join(stage, bin)), { recursive: true });
    await writeFile(join(stage, bin), built, { mode: 0o755 });
  }
}

/**
 * Lays out one package as npm will publish it in `stage`: built code in dist/, the bin scripts,
 * exported data directories, README, the repository's LICENSE, and a manifest without sources.
 */
export async function stagePackage(
  pkg: WorkspacePackage,
  options: { readonly stage: string; readonly license: string; readonly engines: Record<string, string> },
): Promise<PublishedManifest> {
  const { manifest } = pkg;
  const { exports, dirs } = publishedExports(manifest);
  await mkdir(options.stage, { recursive: true });
  await copyBuilt(pkg, join(options.stage, 'dist'));
  await stageBins(pkg, options.stage);
  for (const dir of dirs) await cp(join(pkg.dir, dir), join(options.stage, dir), { recursive: true });
  await copyFile(options.license, join(options.stage, 'LICENSE'));
  await copyFile(join(pkg.dir, 'README.md'), join(options.stage, 'README.md')).catch(() => undefined);
  const bins = Object.values(manifest.bin ?? {}).map((b) => relative('.', b).split('/')[0] ?? b);
  const published: PublishedManifest = {
    name: manifest.name,
    version: manifest.version,
    ...(manifest.description === undefined ? {} : { description: manifest.description }),
    license: manifest.license ?? 'Apache-2.0',
    type: 'module',
    engines: options.engines,
    ...(manifest.exports === undefined ? {} : { exports }),
    ...(manifest.bin === undefined ? {} : { bin: manifest.bin }),
    files: ['dist', ...new Set([...bins, ...dirs])],
    dependencies: { ...manifest.dependencies },
    publishConfig: { access: 'public' },
  };
  await writeFile(join(options.stage, 'package.json'), `${JSON.stringify(published, null, 2)}\n`);
  return published;
}
