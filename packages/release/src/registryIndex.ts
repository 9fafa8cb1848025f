import type { ReleasePackage } from './releaseManifest.ts';

/** The public registries whose index shiplog knows without being told. */
const knownIndexes: Readonly<Record<string, string>> = {
  'cargo https://crates.io': 'https://index.crates.io/',
  'pypi https://upload.pypi.org/legacy/': 'https://pypi.org/simple/',
};

/**
 * Where a cargo or PyPI package's versions are looked up: the manifest's `registry.index` (without
 * a `sparse+` prefix), else the public index of crates.io or PyPI; undefined for npm and OCI, whose
 * lookups go to `registry.url` itself, and for a private registry with no index named.
 */
export function registryIndex(pkg: Pick<ReleasePackage, 'ecosystem' | 'registry'>): string | undefined {
  if (pkg.ecosystem !== 'cargo' && pkg.ecosystem !== 'pypi') return undefined;
  if (pkg.registry.index !== undefined) return pkg.registry.index.replace(/^sparse\+/, '');
  const url = pkg.registry.url.replace(/\/+$/, '');
  return knownIndexes[`${pkg.ecosystem} ${url}`] ?? knownIndexes[`${pkg.ecosystem} ${url}/`];
}
