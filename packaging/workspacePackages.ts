import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The fields of a workspace package.json that packing reads. */
export interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly license?: string;
  readonly private?: boolean;
  readonly exports?: Readonly<Record<string, string>>;
  readonly bin?: Readonly<Record<string, string>>;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly engines?: Readonly<Record<string, string>>;
}

/** One workspace package: its directory and its manifest. */
export interface WorkspacePackage {
  readonly dir: string;
  readonly manifest: Manifest;
}

async function readManifest(dir: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** Every package of the repository's npm workspaces, by name (`packages/*` patterns expanded). */
export async function workspacePackages(root: string): Promise<Map<string, WorkspacePackage>> {
  const { workspaces = [] } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
    workspaces?: string[];
  };
  const dirs: string[] = [];
  for (const pattern of workspaces) {
    if (!pattern.endsWith('/*')) {
      dirs.push(join(root, pattern));
      continue;
    }
    const parent = join(root, pattern.slice(0, -2));
    const entries = await readdir(parent, { withFileTypes: true });
    dirs.push(...entries.filter((e) => e.isDirectory()).map((e) => join(parent, e.name)));
  }
  const packages = new Map<string, WorkspacePackage>();
  for (const dir of dirs) {
    const manifest = await readManifest(dir);
    packages.set(manifest.name, { dir, manifest });
  }
  return packages;
}

/**
 * The packages `roots` need at run time: the roots and every workspace package reachable through
 * `dependencies` (never devDependencies), in a stable order.
 */
export function publishedClosure(
  packages: ReadonlyMap<string, WorkspacePackage>,
  roots: readonly string[],
): WorkspacePackage[] {
  const seen = new Map<string, WorkspacePackage>();
  const visit = (name: string, from: string): void => {
    if (seen.has(name)) return;
    const pkg = packages.get(name);
    if (pkg === undefined) throw new Error(`${from} depends on ${name}, which is no workspace package`);
    if (pkg.manifest.private === true) throw new Error(`${from} depends on ${name}, which is private`);
    seen.set(name, pkg);
    for (const dep of Object.keys(pkg.manifest.dependencies ?? {})) {
      if (packages.has(dep)) visit(dep, name);
    }
  };
  for (const root of roots) visit(root, 'the command line');
  return [...seen.values()].sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
}
