import type { ManifestProblem } from './errors.ts';
import type { ReleaseManifest, ReleasePackage } from './releaseManifest.ts';

/** What a package's own Cargo.toml or package.json says it depends on. */
export interface DeclaredDependencies {
  /** The file read, relative to the manifest (`crates/calc/Cargo.toml`), for messages. */
  readonly file: string;
  /** The packages it names: crates in `[dependencies]`/`[build-dependencies]`, npm `dependencies`, `optionalDependencies`, `peerDependencies`. */
  readonly names: readonly string[];
}

/**
 * `dependsOn` made from what each package's own files declare: an edge to every package of the
 * release (same ecosystem) its Cargo.toml / package.json names is added, so none can be missing;
 * a hand-written edge to a package of the same ecosystem that the file does not name contradicts
 * it and is a problem. Packages without a declared file (another ecosystem, a wasm build) keep
 * their hand-written edges.
 */
export function deriveDependencyEdges(
  manifest: ReleaseManifest,
  declared: ReadonlyMap<string, DeclaredDependencies>,
): { readonly manifest: ReleaseManifest; readonly problems: readonly ManifestProblem[] } {
  const problems: ManifestProblem[] = [];
  const byName = new Map(manifest.packages.map((p) => [p.name, p]));
  const packages = manifest.packages.map((pkg, index): ReleasePackage => {
    const own = declared.get(pkg.name);
    if (own === undefined) return pkg;
    const sameEcosystem = (name: string): boolean =>
      name !== pkg.name && byName.get(name)?.ecosystem === pkg.ecosystem;
    pkg.dependsOn.forEach((name, at) => {
      const path = `packages[${index}].dependsOn[${at}]`;
      const theirs = declared.get(name);
      if (theirs?.names.includes(pkg.name) === true && byName.get(name)?.ecosystem === pkg.ecosystem) {
        problems.push({
          path,
          message: `names '${name}', but ${theirs.file} says ${name} depends on ${pkg.name}: ${pkg.name} goes out first`,
        });
      } else if (sameEcosystem(name) && !own.names.includes(name)) {
        problems.push({
          path,
          message: `names '${name}', but ${own.file} does not depend on it (remove the edge, or declare the dependency there)`,
        });
      }
    });
    const derived = own.names.filter((name) => sameEcosystem(name) && !pkg.dependsOn.includes(name));
    return derived.length === 0 ? pkg : { ...pkg, dependsOn: [...pkg.dependsOn, ...new Set(derived)] };
  });
  return { manifest: { ...manifest, packages }, problems };
}
