import { ReleaseError, ReleaseErrorCode } from './errors.ts';
import { inspectArtifact } from './inspectArtifact.ts';
import type { ArtifactKind, InspectedArtifact } from './inspectArtifact.ts';
import { packageVersion } from './releaseManifest.ts';
import type { ReleaseEcosystem, ReleaseManifest, ReleasePackage } from './releaseManifest.ts';

/** One file of a release about to go out: the manifest package it is for, its name and bytes. */
export interface ReleaseFile {
  readonly package: string;
  readonly fileName: string;
  readonly bytes: Uint8Array;
}

/** What about a file disagrees with the manifest. */
export type MismatchField =
  'unreadable' | 'package' | 'kind' | 'name' | 'version' | 'publish' | 'files' | 'optionalDependencies';

/** One disagreement between a built file and the manifest, said so a person can fix it. */
export interface ArtifactMismatch {
  readonly package: string;
  readonly fileName: string;
  readonly field: MismatchField;
  readonly message: string;
}

const kinds: Readonly<Record<ReleaseEcosystem, readonly ArtifactKind[]>> = {
  cargo: ['crate'],
  pypi: ['wheel', 'sdist'],
  npm: ['npm'],
  'oci-wasm': ['wasm'],
};

const pep503 = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '-');

/** PEP 440's spelling of a semantic version's pre-release (`1.2.0-rc.1` → `1.2.0rc1`), lowercased. */
function pep440(version: string): string {
  const tags: Readonly<Record<string, string>> = { alpha: 'a', beta: 'b', c: 'rc', pre: 'rc', preview: 'rc' };
  return version
    .toLowerCase()
    .replace(/^v/, '')
    .replace(/[-_.]?(alpha|beta|preview|pre|rc|a|b|c)[-_.]?(\d*)/, (_m, tag: string, n: string) => {
      return `${tags[tag] ?? tag}${n === '' ? '0' : n}`;
    });
}

function fileMismatches(pkg: ReleasePackage, version: string, found: InspectedArtifact): ArtifactMismatch[] {
  const out: ArtifactMismatch[] = [];
  const add = (field: MismatchField, message: string): void => {
    out.push({ package: pkg.name, fileName: found.fileName, field, message });
  };
  if (!kinds[pkg.ecosystem].includes(found.kind)) {
    add(
      'kind',
      `is a ${found.kind} file; a ${pkg.ecosystem} package publishes ${kinds[pkg.ecosystem].join(' or ')} files`,
    );
    return out;
  }
  const python = pkg.ecosystem === 'pypi';
  if (
    found.name !== undefined &&
    (python ? pep503(found.name) !== pep503(pkg.name) : found.name !== pkg.name)
  ) {
    add('name', `${found.metadataFile} names '${found.name}'; the manifest releases '${pkg.name}'`);
  }
  if (
    found.version !== undefined &&
    (python ? pep440(found.version) !== pep440(version) : found.version !== version)
  ) {
    add(
      'version',
      `${found.metadataFile} says version ${found.version}; the manifest releases ${pkg.name} at ${version}`,
    );
  }
  if (found.unpublishable !== undefined) add('publish', `${found.unpublishable}: it must not be published`);
  if (found.missingFiles !== undefined && found.missingFiles.length > 0) {
    add(
      'files',
      `package/package.json names ${found.missingFiles.join(', ')}, which the tarball does not hold`,
    );
  }
  return out;
}

/**
 * The main npm package's `optionalDependencies` must name exactly the platform packages this
 * release publishes (npm packages named `<main>-<suffix>` that declare `os`/`cpu`), each at the
 * version this release publishes it; an optional dependency on another package of the release
 * must pin its version too.
 */
function optionalDependencyMismatches(
  manifest: ReleaseManifest,
  inspected: ReadonlyMap<string, readonly InspectedArtifact[]>,
): ArtifactMismatch[] {
  const out: ArtifactMismatch[] = [];
  const npm = manifest.packages.filter((p) => p.ecosystem === 'npm');
  for (const main of npm) {
    const file = inspected.get(main.name)?.find((f) => f.kind === 'npm');
    if (file === undefined) continue;
    const declared = file.optionalDependencies ?? {};
    const add = (message: string): void => {
      out.push({ package: main.name, fileName: file.fileName, field: 'optionalDependencies', message });
    };
    const platforms = npm.filter(
      (p) =>
        p.name.startsWith(`${main.name}-`) && inspected.get(p.name)?.some((f) => f.platformSpecific) === true,
    );
    for (const p of platforms) {
      if (declared[p.name] === undefined)
        add(
          `does not name the platform package ${p.name}, which this release publishes at ${packageVersion(manifest, p)}`,
        );
    }
    for (const [name, requirement] of Object.entries(declared)) {
      const released = npm.find((p) => p.name === name);
      if (released === undefined) {
        if (name.startsWith(`${main.name}-`))
          add(`names ${name}@${requirement}, which this release does not publish`);
        continue;
      }
      const version = packageVersion(manifest, released);
      if (requirement !== version)
        add(`names ${name}@${requirement}; this release publishes ${name} at ${version} (pin it exactly)`);
    }
  }
  return out;
}

/**
 * Every file of a release checked against the manifest before anything is uploaded: read from
 * inside each file (see `inspectArtifact`), its name and version must be the package's, its
 * kind the ecosystem's, it must not say it is unpublishable, an npm tarball must hold the files
 * its package.json names, and a main npm package's `optionalDependencies` must name this
 * release's platform packages at their versions. Returns every disagreement (none: go ahead).
 */
export function checkArtifactsAgainstManifest(
  manifest: ReleaseManifest,
  files: readonly ReleaseFile[],
): ArtifactMismatch[] {
  const out: ArtifactMismatch[] = [];
  const inspected = new Map<string, InspectedArtifact[]>();
  for (const file of files) {
    const pkg = manifest.packages.find((p) => p.name === file.package);
    if (pkg === undefined) {
      out.push({ ...file, field: 'package', message: `names no package of release ${manifest.release}` });
      continue;
    }
    let found: InspectedArtifact;
    try {
      found = inspectArtifact(file.fileName, file.bytes);
    } catch (err) {
      if (!(err instanceof ReleaseError)) throw err;
      out.push({ package: pkg.name, fileName: file.fileName, field: 'unreadable', message: err.message });
      continue;
    }
    inspected.set(pkg.name, [...(inspected.get(pkg.name) ?? []), found]);
    out.push(...fileMismatches(pkg, packageVersion(manifest, pkg), found));
  }
  return [...out, ...optionalDependencyMismatches(manifest, inspected)];
}

/** `ARTIFACT_MISMATCH` naming every disagreement, one problem per file and field. */
export function artifactMismatchError(mismatches: readonly ArtifactMismatch[]): ReleaseError {
  const problems = mismatches.map((m) => ({
    path: `${m.package} ${m.fileName} ${m.field}`,
    message: m.message,
  }));
  const summary = mismatches.map((m) => `${m.package} ${m.fileName}: ${m.message}`).join('; ');
  return new ReleaseError(
    ReleaseErrorCode.ArtifactMismatch,
    `built files are not what the manifest releases, nothing uploaded: ${summary}`,
    { problems },
  );
}
