import { parseToml, readTarGz, readZip } from '@shiplog/sbom';
import type { ArchiveEntry, TomlTable, TomlValue } from '@shiplog/sbom';
import { ReleaseError, ReleaseErrorCode } from './errors.ts';
import { wasmCustomSections } from './wasmCustomSections.ts';

/** The kinds of file a release publishes, told apart by file name. */
export type ArtifactKind = 'crate' | 'wheel' | 'sdist' | 'npm' | 'wasm';

/** What a built file says about itself, read from the metadata inside it. */
export interface InspectedArtifact {
  readonly fileName: string;
  readonly kind: ArtifactKind;
  /** Where name and version were read: `calc-1.2.0/Cargo.toml`, `package/package.json`, a wasm custom section. */
  readonly metadataFile: string;
  /** Undefined only for a wasm module, which carries no name of its own. */
  readonly name?: string;
  /** Undefined only for a wasm module without a `version` custom section. */
  readonly version?: string;
  /** Why the file says it must not be published (`publish = false`, `"private": true`). */
  readonly unpublishable?: string;
  /** npm: `optionalDependencies` as the package.json declares them. */
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  /** npm: true when the package.json names an `os` or `cpu` (a platform package). */
  readonly platformSpecific?: boolean;
  /** npm: files the package.json names (`main`, plain `files` entries) that the tarball lacks. */
  readonly missingFiles?: readonly string[];
}

const decoder = new TextDecoder();

function unreadable(fileName: string, why: string, cause?: unknown): ReleaseError {
  return new ReleaseError(
    ReleaseErrorCode.ArtifactUnreadable,
    `${fileName}: ${why}`,
    cause === undefined ? {} : { cause },
  );
}

function kindOf(fileName: string): ArtifactKind {
  if (fileName.endsWith('.crate')) return 'crate';
  if (fileName.endsWith('.whl')) return 'wheel';
  if (fileName.endsWith('.tar.gz')) return 'sdist';
  if (fileName.endsWith('.tgz')) return 'npm';
  if (fileName.endsWith('.wasm')) return 'wasm';
  throw unreadable(fileName, 'not a .crate, .whl, .tar.gz (sdist), .tgz (npm) or .wasm file');
}

function entriesOf(fileName: string, bytes: Uint8Array, zip: boolean): ArchiveEntry[] {
  try {
    return zip ? readZip(bytes) : readTarGz(bytes);
  } catch (err) {
    throw unreadable(fileName, `not a readable ${zip ? 'zip' : 'gzipped tar'} archive`, err);
  }
}

/**
 * The one metadata file of an archive: the entry whose path matches `pattern` once `.` and empty
 * segments are dropped, as unpacking tools read it (npm and cargo also strip the top directory,
 * whatever its name, so patterns accept any). Refused when there is none, or more than one: unpacked,
 * a later one overwrites the first, and what was checked would not be what is installed.
 */
function entry(
  fileName: string,
  entries: readonly ArchiveEntry[],
  pattern: RegExp,
  what: string,
): ArchiveEntry {
  const found = entries.filter((e) => pattern.test(normalPath(e.path)));
  const [first] = found;
  if (first === undefined) throw unreadable(fileName, `has no ${what}`);
  if (found.length > 1)
    throw unreadable(
      fileName,
      `has ${found.length} entries for ${what} (${found.map((e) => e.path).join(', ')}): unpacked, one overwrites another, so its name and version cannot be read`,
    );
  return first;
}

const normalPath = (path: string): string =>
  path
    .split('/')
    .filter((s) => s !== '' && s !== '.')
    .join('/');

const isTable = (v: TomlValue | undefined): v is TomlTable =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function inspectCrate(fileName: string, bytes: Uint8Array): InspectedArtifact {
  const found = entry(
    fileName,
    entriesOf(fileName, bytes, false),
    /^[^/]+\/Cargo\.toml$/,
    '<name>-<version>/Cargo.toml',
  );
  let toml: TomlTable;
  try {
    toml = parseToml(decoder.decode(found.data), found.path);
  } catch (err) {
    throw unreadable(fileName, `${found.path} is not valid TOML`, err);
  }
  const pkg = isTable(toml['package']) ? toml['package'] : {};
  const { name, version, publish } = pkg;
  if (typeof name !== 'string' || typeof version !== 'string')
    throw unreadable(fileName, `${found.path} has no [package] name and version`);
  const closed = publish === false || (Array.isArray(publish) && publish.length === 0);
  return {
    fileName,
    kind: 'crate',
    metadataFile: found.path,
    name,
    version,
    ...(closed ? { unpublishable: `${found.path} says publish = ${JSON.stringify(publish)}` } : {}),
  };
}

/** RFC 822 headers of Python core metadata, up to the first blank line. */
function coreMetadataHeader(text: string, header: string): string | undefined {
  for (const line of text.split(/\r?\n/)) {
    if (line === '') return undefined;
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === header)
      return line.slice(colon + 1).trim();
  }
  return undefined;
}

function inspectPython(fileName: string, bytes: Uint8Array, kind: 'wheel' | 'sdist'): InspectedArtifact {
  const wheel = kind === 'wheel';
  const found = wheel
    ? entry(
        fileName,
        entriesOf(fileName, bytes, true),
        /^[^/]+\.dist-info\/METADATA$/,
        '*.dist-info/METADATA',
      )
    : entry(fileName, entriesOf(fileName, bytes, false), /^[^/]+\/PKG-INFO$/, '<name>-<version>/PKG-INFO');
  const text = decoder.decode(found.data);
  const name = coreMetadataHeader(text, 'name');
  const version = coreMetadataHeader(text, 'version');
  if (name === undefined || version === undefined)
    throw unreadable(fileName, `${found.path} has no Name or Version`);
  return { fileName, kind, metadataFile: found.path, name, version };
}

const isGlob = (pattern: string): boolean => /[*?[\]{}!]/.test(pattern);

function inspectNpm(fileName: string, bytes: Uint8Array): InspectedArtifact {
  const entries = entriesOf(fileName, bytes, false);
  const found = entry(fileName, entries, /^[^/]+\/package\.json$/, 'package/package.json');
  if (normalPath(found.path) !== 'package/package.json')
    throw unreadable(fileName, 'has no package/package.json');
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(decoder.decode(found.data)) as Record<string, unknown>;
  } catch (err) {
    throw unreadable(fileName, 'package/package.json is not JSON', err);
  }
  const { name, version, optionalDependencies, main, files, os, cpu } = json;
  if (typeof name !== 'string' || typeof version !== 'string')
    throw unreadable(fileName, 'package/package.json has no name and version');
  const paths = new Set(entries.map((e) => e.path.slice('package/'.length)));
  // As npm includes it and Node resolves it: the file, a directory of files, or `main` without its extension.
  const present = (path: string): boolean => {
    const clean = path.replace(/^\.\//, '').replace(/\/+$/, '');
    if (['', '.js', '.json', '.node', '/index.js'].some((end) => paths.has(`${clean}${end}`))) return true;
    return [...paths].some((p) => p.startsWith(`${clean}/`));
  };
  const named = [
    ...(typeof main === 'string' ? [main] : []),
    ...(Array.isArray(files) ? files.filter((f): f is string => typeof f === 'string' && !isGlob(f)) : []),
  ];
  const missingFiles = [...new Set(named.filter((f) => !present(f)))];
  const optional =
    typeof optionalDependencies === 'object' && optionalDependencies !== null
      ? Object.fromEntries(
          Object.entries(optionalDependencies).filter((e): e is [string, string] => typeof e[1] === 'string'),
        )
      : undefined;
  return {
    fileName,
    kind: 'npm',
    metadataFile: found.path,
    name,
    version,
    ...(json['private'] === true ? { unpublishable: 'package/package.json says "private": true' } : {}),
    ...(optional === undefined ? {} : { optionalDependencies: optional }),
    platformSpecific: os !== undefined || cpu !== undefined,
    missingFiles,
  };
}

function inspectWasm(fileName: string, bytes: Uint8Array): InspectedArtifact {
  let sections: ReadonlyMap<string, string>;
  try {
    sections = wasmCustomSections(bytes);
  } catch (err) {
    throw unreadable(fileName, 'not a WebAssembly module or component', err);
  }
  // wasm-metadata's `version` section: what `org.opencontainers.image.version` is made from.
  const version = sections.get('version');
  return {
    fileName,
    kind: 'wasm',
    metadataFile: 'custom section "version"',
    ...(version === undefined ? {} : { version }),
  };
}

/**
 * Reads name and version from inside a built file, chosen by its file name: a `.crate`'s
 * Cargo.toml, a wheel's METADATA, an sdist's PKG-INFO, an npm tarball's package.json, a wasm
 * module's `version` custom section. Throws `ARTIFACT_UNREADABLE` for a file it cannot read.
 */
export function inspectArtifact(fileName: string, bytes: Uint8Array): InspectedArtifact {
  const kind = kindOf(fileName);
  switch (kind) {
    case 'crate':
      return inspectCrate(fileName, bytes);
    case 'wheel':
    case 'sdist':
      return inspectPython(fileName, bytes, kind);
    case 'npm':
      return inspectNpm(fileName, bytes);
    case 'wasm':
      return inspectWasm(fileName, bytes);
  }
}
