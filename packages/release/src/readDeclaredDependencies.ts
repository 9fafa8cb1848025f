import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseToml } from '@shiplog/sbom';
import type { TomlTable, TomlValue } from '@shiplog/sbom';
import type { DeclaredDependencies } from './deriveDependencyEdges.ts';
import type { ReleaseManifest } from './releaseManifest.ts';

// Build output and vendored trees: never where a package declares itself.
const skipped = new Set(['target', 'node_modules', '.git', 'dist', 'build', '__pycache__']);
const MAX_DEPTH = 6;

async function filesNamed(dir: string, fileName: string, depth = 0): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const found = entries.filter((e) => e.isFile() && e.name === fileName).map((e) => join(dir, e.name));
  if (depth >= MAX_DEPTH) return found;
  for (const e of entries) {
    if (e.isDirectory() && !skipped.has(e.name))
      found.push(...(await filesNamed(join(dir, e.name), fileName, depth + 1)));
  }
  return found;
}

const isTable = (v: TomlValue | undefined): v is TomlTable =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function crateNames(table: TomlValue | undefined): string[] {
  if (!isTable(table)) return [];
  return Object.entries(table).map(([key, spec]) =>
    isTable(spec) && typeof spec['package'] === 'string' ? spec['package'] : key,
  );
}

/** A Cargo.toml's package name and the crates it uses (dev-dependencies left out: cargo strips them). */
function cargoDeclared(text: string, file: string): { name: string; names: string[] } | undefined {
  let toml: TomlTable;
  try {
    toml = parseToml(text, file);
  } catch {
    return undefined;
  }
  const pkg = toml['package'];
  if (!isTable(pkg) || typeof pkg['name'] !== 'string') return undefined;
  const targets = isTable(toml['target']) ? Object.values(toml['target']).filter(isTable) : [];
  const names = [toml, ...targets].flatMap((t) => [
    ...crateNames(t['dependencies']),
    ...crateNames(t['build-dependencies']),
  ]);
  return { name: pkg['name'], names };
}

function npmDeclared(text: string): { name: string; names: string[] } | undefined {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  if (typeof json['name'] !== 'string') return undefined;
  const keys = (v: unknown): string[] => (typeof v === 'object' && v !== null ? Object.keys(v) : []);
  return {
    name: json['name'],
    names: [
      ...keys(json['dependencies']),
      ...keys(json['optionalDependencies']),
      ...keys(json['peerDependencies']),
    ],
  };
}

/**
 * What each cargo and npm package of the manifest declares it depends on, read from the
 * Cargo.toml / package.json under its `build.source` whose name is the package's (a workspace's
 * member crates included). A package whose file is not found is left out.
 */
export async function readDeclaredDependencies(
  manifest: ReleaseManifest,
  baseDir: string,
): Promise<Map<string, DeclaredDependencies>> {
  const listings = new Map<string, Promise<string[]>>();
  // A workspace's files are read once, however many of its crates the release names.
  const read = new Map<string, Promise<{ name: string; names: string[] } | undefined>>();
  const readOnce = (path: string, cargo: boolean): Promise<{ name: string; names: string[] } | undefined> => {
    let found = read.get(path);
    if (found === undefined) {
      found = readFile(path, 'utf8').then(
        (text) => (cargo ? cargoDeclared(text, path) : npmDeclared(text)),
        () => undefined,
      );
      read.set(path, found);
    }
    return found;
  };
  const declared = new Map<string, DeclaredDependencies>();
  for (const pkg of manifest.packages) {
    if (pkg.ecosystem !== 'cargo' && pkg.ecosystem !== 'npm') continue;
    const fileName = pkg.ecosystem === 'cargo' ? 'Cargo.toml' : 'package.json';
    const source = resolve(baseDir, pkg.build.source);
    const key = `${source} ${fileName}`;
    let listing = listings.get(key);
    if (listing === undefined) listings.set(key, (listing = filesNamed(source, fileName)));
    for (const path of await listing) {
      const found = await readOnce(path, pkg.ecosystem === 'cargo');
      if (found?.name !== pkg.name) continue;
      declared.set(pkg.name, { file: relative(baseDir, path), names: found.names });
      break;
    }
  }
  return declared;
}
