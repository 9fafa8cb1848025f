import type { ReleaseEcosystem } from './releaseManifest.ts';

const purlType: Readonly<Record<ReleaseEcosystem, string>> = {
  cargo: 'cargo',
  pypi: 'pypi',
  npm: 'npm',
  'oci-wasm': 'oci',
};

/** What a package URL is made from: a manifest package (its registry names an OCI repository). */
export interface PurlTarget {
  readonly ecosystem: ReleaseEcosystem;
  readonly name: string;
  readonly registry?: { readonly url: string; readonly repository?: string };
}

/** Qualifiers of one built file: its digest, its file name, and for OCI its manifest digest. */
export interface PurlQualifiers {
  /** `sha256:<hex>` of the file: the `checksum` qualifier, how the ledger recognises the bytes. */
  readonly digest?: string;
  readonly fileName?: string;
  /** OCI: the `sha256:` digest of the artifact's manifest, the purl's version (purl-spec `oci`). */
  readonly manifestDigest?: string;
}

function encodeName(ecosystem: ReleaseEcosystem, name: string): string {
  // purl-spec: PyPI names are normalised (lowercase, `_` → `-`); an npm scope is the namespace.
  if (ecosystem === 'pypi') return encodeURIComponent(name.toLowerCase().replaceAll('_', '-'));
  if (name.startsWith('@')) {
    const [scope = '', rest = ''] = name.split('/');
    return `${encodeURIComponent(scope)}/${encodeURIComponent(rest)}`;
  }
  return encodeURIComponent(name);
}

/** purl-spec `oci`: the name is the repository's last fragment, lowercased. */
function ociName(target: PurlTarget): string {
  const repository = target.registry?.repository ?? target.name;
  return encodeURIComponent((repository.split('/').pop() ?? repository).toLowerCase());
}

/** purl-spec `oci`: `repository_url` is the registry host and the repository, without a scheme. */
function repositoryUrl(target: PurlTarget): string | undefined {
  const registry = target.registry;
  if (registry === undefined) return undefined;
  const base = registry.url.replace(/^[a-z]+:\/\//, '').replace(/\/+$/, '');
  return `${base}/${registry.repository ?? target.name}`.toLowerCase();
}

/** Qualifiers in canonical order (sorted by key), values percent-encoded but for `:` and `/`. */
function withQualifiers(base: string, pairs: readonly (readonly [string, string | undefined])[]): string {
  const present = pairs
    .filter((p): p is readonly [string, string] => p[1] !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${encodeURIComponent(v).replaceAll('%3A', ':').replaceAll('%2F', '/')}`);
  return present.length === 0 ? base : `${base}?${present.join('&')}`;
}

/**
 * The package URL of one release package: `pkg:cargo/calc@1.2.0`, plus `checksum=sha256:<hex>`
 * (how the ledger recognises the bytes) and `file_name` when one package has several files. An
 * OCI artifact follows purl-spec `oci`: the version is the manifest digest (`sha256%3A<hex>`), the
 * release version is the `tag` qualifier, and `repository_url` says where it lives:
 * `pkg:oci/add@sha256%3A…?checksum=sha256:…&repository_url=ghcr.io/acme/add&tag=1.2.0`.
 */
export function packagePurl(target: PurlTarget, version: string, qualifiers: PurlQualifiers = {}): string {
  const checksum: readonly [string, string | undefined] = ['checksum', qualifiers.digest];
  const fileName: readonly [string, string | undefined] = ['file_name', qualifiers.fileName];
  if (target.ecosystem === 'oci-wasm') {
    const at =
      qualifiers.manifestDigest === undefined ? '' : `@${encodeURIComponent(qualifiers.manifestDigest)}`;
    return withQualifiers(`pkg:oci/${ociName(target)}${at}`, [
      checksum,
      fileName,
      ['repository_url', repositoryUrl(target)],
      ['tag', version],
    ]);
  }
  const base = `pkg:${purlType[target.ecosystem]}/${encodeName(target.ecosystem, target.name)}@${encodeURIComponent(version)}`;
  return withQualifiers(base, [checksum, fileName]);
}

/**
 * The `name@version` keys the ledger files a package version's builds under (see `purlIdentity`):
 * one, and for OCI also the form shiplog wrote before OCI purls followed the spec
 * (`pkg:oci/<package name>@<version>`), so ledgers recorded then still answer.
 */
export function packageNameVersions(target: PurlTarget, version: string): string[] {
  if (target.ecosystem !== 'oci-wasm') {
    return [
      `pkg:${purlType[target.ecosystem]}/${encodeName(target.ecosystem, target.name)}@${encodeURIComponent(version)}`,
    ];
  }
  const current = `pkg:oci/${ociName(target)}@${version}`;
  const legacy = `pkg:oci/${encodeName(target.ecosystem, target.name)}@${encodeURIComponent(version)}`;
  return current === legacy ? [current] : [current, legacy];
}
