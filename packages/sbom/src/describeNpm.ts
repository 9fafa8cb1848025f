import type { ArtifactDescription, DeclaredDependency, DependencyScope } from './artifactDescription.ts';
import { SbomError, SbomErrorCode } from './errors.ts';
import type { ArchiveEntry } from './readTar.ts';

const decoder = new TextDecoder();

type Json = Record<string, unknown>;

function object(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function parseJson(entry: ArchiveEntry): Json {
  try {
    return object(JSON.parse(decoder.decode(entry.data)));
  } catch (err) {
    throw new SbomError(SbomErrorCode.MetadataMalformed, `${entry.path} is not JSON`, { cause: err });
  }
}

/** Versions a lockfile (v2/v3 `packages`, or v1 `dependencies`) resolved for top-level dependencies. */
function lockedVersions(lock: Json | undefined): Map<string, string> {
  const versions = new Map<string, string>();
  for (const [path, entry] of Object.entries(object(lock?.['packages']))) {
    const version = object(entry)['version'];
    const match = /^node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(path);
    if (match?.[1] !== undefined && typeof version === 'string') versions.set(match[1], version);
  }
  for (const [name, entry] of Object.entries(object(lock?.['dependencies']))) {
    const version = object(entry)['version'];
    if (typeof version === 'string' && !versions.has(name)) versions.set(name, version);
  }
  return versions;
}

const exactVersion = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

function dependenciesOf(
  section: unknown,
  scope: DependencyScope,
  locked: Map<string, string>,
): DeclaredDependency[] {
  return Object.entries(object(section))
    .filter((e): e is [string, string] => typeof e[1] === 'string')
    .map(([name, requirement]) => {
      const version = exactVersion.test(requirement) ? requirement : locked.get(name);
      return {
        name,
        ...(version === undefined ? {} : { version }),
        ...(exactVersion.test(requirement) ? {} : { requirement }),
        scope,
        purlType: 'npm',
      };
    });
}

/** Reads an npm tarball: `package/package.json` and any lockfile packed beside it. */
export function describeNpm(entries: readonly ArchiveEntry[]): ArtifactDescription {
  const entry = entries.find((e) => e.path === 'package/package.json');
  if (entry === undefined)
    throw new SbomError(SbomErrorCode.MetadataMissing, 'the tarball has no package/package.json');
  const manifest = parseJson(entry);
  const lockEntry = entries.find(
    (e) => e.path === 'package/npm-shrinkwrap.json' || e.path === 'package/package-lock.json',
  );
  const locked = lockedVersions(lockEntry === undefined ? undefined : parseJson(lockEntry));
  const { name, version, license, description } = manifest;
  if (typeof name !== 'string' || typeof version !== 'string') {
    throw new SbomError(SbomErrorCode.MetadataMissing, 'package/package.json has no name or version');
  }
  const optional = object(manifest['optionalDependencies']);
  const required = Object.fromEntries(
    Object.entries(object(manifest['dependencies'])).filter(([n]) => !(n in optional)),
  );
  return {
    kind: 'npm',
    purlType: 'npm',
    name,
    version,
    ...(typeof license === 'string' ? { license } : {}),
    ...(typeof description === 'string' ? { description } : {}),
    dependencies: [
      ...dependenciesOf(required, 'required', locked),
      ...dependenciesOf(optional, 'optional', locked),
      ...dependenciesOf(manifest['peerDependencies'], 'optional', locked),
    ],
    properties: [
      ['shiplog:metadata-file', entry.path],
      ...(lockEntry === undefined ? [] : [['shiplog:lockfile', lockEntry.path] as const]),
    ],
  };
}
