import type { ArtifactDescription, DeclaredDependency, DependencyScope } from './artifactDescription.ts';
import { SbomError, SbomErrorCode } from './errors.ts';
import { parseToml } from './parseToml.ts';
import type { TomlTable, TomlValue } from './parseToml.ts';
import type { ArchiveEntry } from './readTar.ts';

const decoder = new TextDecoder();

function table(value: TomlValue | undefined): TomlTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}

function str(value: TomlValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function lockedVersions(lock: TomlTable | undefined): Map<string, string[]> {
  const versions = new Map<string, string[]>();
  const packages = lock?.['package'];
  for (const entry of Array.isArray(packages) ? packages : []) {
    const name = str(table(entry)['name']);
    const version = str(table(entry)['version']);
    if (name !== undefined && version !== undefined)
      versions.set(name, [...(versions.get(name) ?? []), version]);
  }
  return versions;
}

function dependenciesOf(
  section: TomlTable,
  scope: DependencyScope,
  locked: Map<string, string[]>,
): DeclaredDependency[] {
  return Object.entries(section).map(([key, spec]) => {
    const details = typeof spec === 'string' ? { version: spec } : table(spec);
    const name = str(details['package']) ?? key;
    const requirement = str(details['version']);
    const candidates = locked.get(name) ?? [];
    // Cargo.lock resolves a requirement to one version when the graph has one of that name.
    const version = candidates.length === 1 ? candidates[0] : undefined;
    return {
      name,
      ...(version === undefined ? {} : { version }),
      ...(requirement === undefined ? {} : { requirement }),
      scope: details['optional'] === true ? 'optional' : scope,
      purlType: 'cargo',
    };
  });
}

/** Reads a `.crate`: its normalised Cargo.toml and, when packaged, its Cargo.lock. */
export function describeCrate(entries: readonly ArchiveEntry[]): ArtifactDescription {
  const manifestEntry = entries.find((e) => /^[^/]+\/Cargo\.toml$/.test(e.path));
  if (manifestEntry === undefined) {
    throw new SbomError(SbomErrorCode.MetadataMissing, 'the .crate has no <name>-<version>/Cargo.toml');
  }
  const manifest = parseToml(decoder.decode(manifestEntry.data), manifestEntry.path);
  const lockEntry = entries.find((e) => /^[^/]+\/Cargo\.lock$/.test(e.path));
  const lock =
    lockEntry === undefined ? undefined : parseToml(decoder.decode(lockEntry.data), lockEntry.path);
  const pkg = table(manifest['package']);
  const name = str(pkg['name']);
  const version = str(pkg['version']);
  if (name === undefined || version === undefined) {
    throw new SbomError(
      SbomErrorCode.MetadataMissing,
      `${manifestEntry.path} has no package.name or package.version`,
    );
  }
  const locked = lockedVersions(lock);
  const targets = Object.values(table(manifest['target'])).map(table);
  const dependencies = [
    ...dependenciesOf(table(manifest['dependencies']), 'required', locked),
    ...dependenciesOf(table(manifest['build-dependencies']), 'required', locked),
    ...dependenciesOf(table(manifest['dev-dependencies']), 'excluded', locked),
    ...targets.flatMap((t) => dependenciesOf(table(t['dependencies']), 'required', locked)),
  ];
  const license = str(pkg['license']);
  const description = str(pkg['description']);
  return {
    kind: 'crate',
    purlType: 'cargo',
    name,
    version,
    ...(license === undefined ? {} : { license }),
    ...(description === undefined ? {} : { description }),
    dependencies,
    properties: [
      ['shiplog:metadata-file', manifestEntry.path],
      ...(lockEntry === undefined ? [] : [['shiplog:lockfile', lockEntry.path] as const]),
    ],
  };
}
