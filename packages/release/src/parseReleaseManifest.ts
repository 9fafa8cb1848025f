import { ReleaseError, ReleaseErrorCode } from './errors.ts';
import type { ManifestProblem } from './errors.ts';
import { releaseManifest } from './releaseManifest.ts';
import type { ReleaseManifest } from './releaseManifest.ts';
import { registryIndex } from './registryIndex.ts';
import { substituteVersion } from './substituteVersion.ts';
import { topologicalOrder } from './topologicalOrder.ts';

/** `packages[2].build.outputs`: the path as a reader of the manifest writes it. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text === '' ? '(manifest)' : text;
}

function crossChecks(manifest: ReleaseManifest): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const seen = new Map<string, number>();
  manifest.packages.forEach((pkg, index) => {
    const first = seen.get(pkg.name);
    if (first !== undefined) {
      problems.push({
        path: `packages[${index}].name`,
        message: `duplicates packages[${first}].name '${pkg.name}'`,
      });
    } else seen.set(pkg.name, index);
    if (pkg.ecosystem === 'oci-wasm' && pkg.registry.repository === undefined) {
      problems.push({
        path: `packages[${index}].registry.repository`,
        message: 'is required for oci-wasm packages',
      });
    }
    if (pkg.ecosystem !== 'npm' && pkg.registry.access !== undefined) {
      problems.push({ path: `packages[${index}].registry.access`, message: 'is for npm packages only' });
    }
    if ((pkg.ecosystem === 'cargo' || pkg.ecosystem === 'pypi') && registryIndex(pkg) === undefined) {
      problems.push({
        path: `packages[${index}].registry.index`,
        message: `is required for a ${pkg.ecosystem} registry other than the public one`,
      });
    }
  });
  problems.push(...prebuiltOutputClashes(manifest));
  manifest.packages.forEach((pkg, index) => {
    pkg.dependsOn.forEach((name, at) => {
      const path = `packages[${index}].dependsOn[${at}]`;
      if (name === pkg.name) problems.push({ path, message: 'a package cannot depend on itself' });
      else if (!seen.has(name))
        problems.push({ path, message: `names '${name}', which is not a package of this manifest` });
    });
  });
  return problems;
}

/** A handed-in file is matched to its package by file name: two prebuilt outputs may not share one. */
function prebuiltOutputClashes(manifest: ReleaseManifest): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const owner = new Map<string, string>();
  manifest.packages.forEach((pkg, index) => {
    if (pkg.build.prebuilt !== true) return;
    pkg.build.outputs.forEach((output, at) => {
      const fileName = output.split(/[\\/]/).pop() ?? output;
      const first = owner.get(fileName);
      if (first === undefined) owner.set(fileName, pkg.name);
      else
        problems.push({
          path: `packages[${index}].build.outputs[${at}]`,
          message: `the file name ${fileName} is also a prebuilt output of ${first}; handed-in files are matched by file name`,
        });
    });
  });
  return problems;
}

function invalid(problems: readonly ManifestProblem[], source: string, cause?: unknown): ReleaseError {
  const summary = problems.map((p) => `${p.path}: ${p.message}`).join('; ');
  return new ReleaseError(
    ReleaseErrorCode.ManifestInvalid,
    `invalid release manifest ${source}: ${summary}`,
    {
      problems,
      cause,
    },
  );
}

/**
 * Validates a release manifest (parsed JSON). Throws `MANIFEST_INVALID` naming every bad field,
 * or `MANIFEST_DEPENDENCY_CYCLE` naming the packages in the cycle.
 */
export function parseReleaseManifest(value: unknown, source = '(input)'): ReleaseManifest {
  const result = releaseManifest.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      const at = keys.length === 1 ? [...issue.path, keys[0] as string] : issue.path;
      return { path: fieldPath(at), message: issue.message };
    });
    throw invalid(problems, source, result.error);
  }
  const substituted = substituteVersion(result.data);
  const problems = [...substituted.problems, ...crossChecks(substituted.manifest)];
  if (problems.length > 0) throw invalid(problems, source);
  return checkedOrder(substituted.manifest, source);
}

/** The manifest, frozen, once its `dependsOn` edges are known to form no cycle (else `MANIFEST_DEPENDENCY_CYCLE`). */
export function checkedOrder(manifest: ReleaseManifest, source: string): ReleaseManifest {
  const order = topologicalOrder(manifest.packages.map((p) => ({ id: p.name, after: p.dependsOn })));
  if (!order.ok) {
    throw new ReleaseError(
      ReleaseErrorCode.DependencyCycle,
      `invalid release manifest ${source}: dependsOn forms a cycle: ${order.cycle.join(' -> ')}`,
      { problems: [{ path: 'packages[].dependsOn', message: `cycle ${order.cycle.join(' -> ')}` }] },
    );
  }
  return Object.freeze(manifest);
}
