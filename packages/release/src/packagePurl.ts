import type { ReleaseEcosystem } from './releaseManifest.ts';

const purlType: Readonly<Record<ReleaseEcosystem, string>> = {
  cargo: 'cargo',
  pypi: 'pypi',
  npm: 'npm',
  'oci-wasm': 'oci',
};

function encodeName(ecosystem: ReleaseEcosystem, name: string): string {
  // purl-spec: PyPI names are normalised (lowercase, `_` → `-`); an npm scope is the namespace.
  if (ecosystem === 'pypi') return encodeURIComponent(name.toLowerCase().replaceAll('_', '-'));
  if (name.startsWith('@')) {
    const [scope = '', rest = ''] = name.split('/');
    return `${encodeURIComponent(scope)}/${encodeURIComponent(rest)}`;
  }
  return encodeURIComponent(name);
}

/**
 * The package URL of one release package: `pkg:cargo/calc@1.2.0`, plus `checksum=sha256:<hex>`
 * (how the ledger recognises the bytes) and `file_name` when one package has several files.
 */
export function packagePurl(
  ecosystem: ReleaseEcosystem,
  name: string,
  version: string,
  qualifiers: { readonly digest?: string; readonly fileName?: string } = {},
): string {
  const base = `pkg:${purlType[ecosystem]}/${encodeName(ecosystem, name)}@${encodeURIComponent(version)}`;
  const pairs: string[] = [];
  if (qualifiers.digest !== undefined) pairs.push(`checksum=${qualifiers.digest}`);
  if (qualifiers.fileName !== undefined) pairs.push(`file_name=${encodeURIComponent(qualifiers.fileName)}`);
  return pairs.length === 0 ? base : `${base}?${pairs.join('&')}`;
}
