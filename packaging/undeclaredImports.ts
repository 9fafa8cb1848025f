import { readdir, readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

/** A bare import in published code whose package the manifest does not depend on. */
export interface UndeclaredImport {
  readonly file: string;
  readonly specifier: string;
}

// `from 'x'`, `import('x')`, `import 'x'` as statements write them (not the word inside a string).
const importPattern = /(?:(?:^|[\s}])from\s*|\bimport\s*\(\s*|^import\s+)['"]([^'"\s]+)['"]/gm;

/** `@scope/name/deep` → `@scope/name`; `name/deep` → `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/**
 * Every import of a package in the built files under `dir` (.js and .d.ts) that is neither a Node
 * builtin, nor `self`, nor in `dependencies`: it would fail for whoever installs the package.
 */
export async function undeclaredImports(
  dir: string,
  self: string,
  dependencies: Readonly<Record<string, string>>,
): Promise<UndeclaredImport[]> {
  const builtins = new Set(builtinModules);
  const found: UndeclaredImport[] = [];
  for (const file of await readdir(dir, { recursive: true })) {
    if (!/\.(js|d\.ts)$/.test(file)) continue;
    const text = await readFile(join(dir, file), 'utf8');
    for (const match of text.matchAll(importPattern)) {
      const specifier = match[1] ?? '';
      if (specifier.startsWith('.') || specifier.startsWith('node:')) continue;
      const name = packageOf(specifier);
      if (builtins.has(name) || name === self || name in dependencies) continue;
      found.push({ file, specifier });
    }
  }
  return found;
}
