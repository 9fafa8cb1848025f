import type { ManifestProblem } from './errors.ts';
import { packageVersion } from './releaseManifest.ts';
import type { BuildRecipe, ReleaseManifest, ReleasePackage } from './releaseManifest.ts';

const placeholder = /\$\{([^}]*)\}/g;

/**
 * `${version}` in a package's build paths and arguments (`source`, `cwd`, `command`, `outputs`) replaced by the package's
 * version (its own, else the release's); any other `${…}` is a problem at its path.
 */
export function substituteVersion(manifest: ReleaseManifest): {
  readonly manifest: ReleaseManifest;
  readonly problems: readonly ManifestProblem[];
} {
  const problems: ManifestProblem[] = [];
  const packages = manifest.packages.map((pkg, index): ReleasePackage => {
    const version = packageVersion(manifest, pkg);
    const fill = (text: string, path: string): string =>
      text.replace(placeholder, (whole, key: string) => {
        if (key === 'version') return version;
        problems.push({
          path: `packages[${index}].build.${path}`,
          message: `'${whole}' is not a placeholder shiplog knows (only \${version})`,
        });
        return whole;
      });
    const build: BuildRecipe = {
      ...pkg.build,
      source: fill(pkg.build.source, 'source'),
      ...(pkg.build.cwd === undefined ? {} : { cwd: fill(pkg.build.cwd, 'cwd') }),
      command: pkg.build.command.map((arg, at) => fill(arg, `command[${at}]`)),
      outputs: pkg.build.outputs.map((o, at) => fill(o, `outputs[${at}]`)),
    };
    return { ...pkg, build };
  });
  return { manifest: { ...manifest, packages }, problems };
}
