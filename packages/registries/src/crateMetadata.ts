import { parseToml, readTarGz } from '@shiplog/sbom';
import type { TomlTable, TomlValue } from '@shiplog/sbom';
import { RegistryError, RegistryErrorCode } from './errors.ts';

/** The crates.io index URL cargo records for dependencies that come from crates.io. */
export const cratesIoIndex = 'https://github.com/rust-lang/crates.io-index';

/** One dependency as the publish API wants it. */
export interface CrateDependency {
  readonly name: string;
  readonly version_req: string;
  readonly features: readonly string[];
  readonly optional: boolean;
  readonly default_features: boolean;
  readonly target: string | null;
  readonly kind: 'normal' | 'dev' | 'build';
  readonly registry: string | null;
  readonly explicit_name_in_toml: string | null;
}

/** The JSON half of a publish request (PROTOCOLS.md, crates.io). */
export interface CratePublishMetadata {
  readonly name: string;
  readonly vers: string;
  readonly deps: readonly CrateDependency[];
  readonly features: Readonly<Record<string, readonly string[]>>;
  readonly authors: readonly string[];
  readonly description: string | null;
  readonly documentation: string | null;
  readonly homepage: string | null;
  readonly readme: string | null;
  readonly readme_file: string | null;
  readonly keywords: readonly string[];
  readonly categories: readonly string[];
  readonly license: string | null;
  readonly license_file: string | null;
  readonly repository: string | null;
  readonly badges: Readonly<Record<string, never>>;
  readonly links: string | null;
  readonly rust_version: string | null;
}

const decoder = new TextDecoder();

function invalid(message: string, cause?: unknown): RegistryError {
  return new RegistryError(RegistryErrorCode.ArtifactInvalid, message, cause === undefined ? {} : { cause });
}

function isTable(value: TomlValue | undefined): value is TomlTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function str(value: TomlValue | undefined): string | null {
  return typeof value === 'string' ? value : null;
}
function strings(value: TomlValue | undefined): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function dependencies(
  table: TomlValue | undefined,
  kind: CrateDependency['kind'],
  target: string | null,
  indexUrl: string,
): CrateDependency[] {
  if (!isTable(table)) return [];
  return Object.entries(table).flatMap(([key, spec]): CrateDependency[] => {
    const detail: TomlTable = isTable(spec) ? spec : { version: spec };
    const version = str(detail['version']);
    // Cargo strips path-only dev-dependencies from the packaged manifest; anything left must have a version.
    if (version === null) return [];
    const index = str(detail['registry-index']);
    const renamed = str(detail['package']);
    return [
      {
        name: renamed ?? key,
        version_req: version,
        features: strings(detail['features']),
        optional: detail['optional'] === true,
        default_features: detail['default-features'] !== false,
        target,
        kind,
        // Null means "the registry published to"; cargo does the same.
        registry: index === null || sameIndex(index, indexUrl) ? null : index,
        explicit_name_in_toml: renamed === null ? null : key,
      },
    ];
  });
}

function sameIndex(a: string, b: string): boolean {
  const norm = (u: string): string => u.replace(/^sparse\+/, '').replace(/\/+$/, '');
  return norm(a) === norm(b);
}

/**
 * Reads the normalized `Cargo.toml` (and readme) that `cargo package` put in a `.crate` and builds
 * the publish metadata cargo itself would send. `indexUrl` is the target registry's index, so
 * dependencies on that same registry are sent with `registry: null`.
 */
export function crateMetadataOf(crate: Uint8Array, indexUrl: string): CratePublishMetadata {
  let entries;
  try {
    entries = readTarGz(crate);
  } catch (error) {
    throw invalid('the .crate is not a gzipped tar', error);
  }
  const manifestEntry = entries.find((e) => /^[^/]+\/Cargo\.toml$/.test(e.path));
  if (manifestEntry === undefined) throw invalid('the .crate has no <name>-<version>/Cargo.toml');
  let manifest: TomlTable;
  try {
    manifest = parseToml(decoder.decode(manifestEntry.data), manifestEntry.path);
  } catch (error) {
    throw invalid(`${manifestEntry.path} is not valid TOML`, error);
  }
  const pkg = manifest['package'];
  if (!isTable(pkg)) throw invalid(`${manifestEntry.path} has no [package]`);
  const name = str(pkg['name']);
  const vers = str(pkg['version']);
  if (name === null || vers === null) throw invalid(`${manifestEntry.path} has no package name or version`);

  const root = manifestEntry.path.slice(0, manifestEntry.path.indexOf('/'));
  const readmeFile = str(pkg['readme']);
  const readmeEntry =
    readmeFile === null ? undefined : entries.find((e) => e.path === `${root}/${readmeFile}`);
  const targets = isTable(manifest['target']) ? Object.entries(manifest['target']) : [];
  const deps = [
    ...dependencies(manifest['dependencies'], 'normal', null, indexUrl),
    ...dependencies(manifest['build-dependencies'], 'build', null, indexUrl),
    ...dependencies(manifest['dev-dependencies'], 'dev', null, indexUrl),
    ...targets.flatMap(([cfg, t]) =>
      isTable(t)
        ? [
            ...dependencies(t['dependencies'], 'normal', cfg, indexUrl),
            ...dependencies(t['build-dependencies'], 'build', cfg, indexUrl),
            ...dependencies(t['dev-dependencies'], 'dev', cfg, indexUrl),
          ]
        : [],
    ),
  ];
  const features = isTable(manifest['features'])
    ? Object.fromEntries(Object.entries(manifest['features']).map(([k, v]) => [k, strings(v)]))
    : {};
  return {
    name,
    vers,
    deps,
    features,
    authors: strings(pkg['authors']),
    description: str(pkg['description']),
    documentation: str(pkg['documentation']),
    homepage: str(pkg['homepage']),
    readme: readmeEntry === undefined ? null : decoder.decode(readmeEntry.data),
    readme_file: readmeFile,
    keywords: strings(pkg['keywords']),
    categories: strings(pkg['categories']),
    license: str(pkg['license']),
    license_file: str(pkg['license-file']),
    repository: str(pkg['repository']),
    badges: {},
    links: str(pkg['links']),
    rust_version: str(pkg['rust-version']),
  };
}

/** The publish request body: u32 LE length + JSON, u32 LE length + the `.crate`. */
export function encodePublishBody(metadata: CratePublishMetadata, crate: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(metadata));
  const body = new Uint8Array(8 + json.length + crate.length);
  const view = new DataView(body.buffer);
  view.setUint32(0, json.length, true);
  body.set(json, 4);
  view.setUint32(4 + json.length, crate.length, true);
  body.set(crate, 8 + json.length);
  return body;
}
