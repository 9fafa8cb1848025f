import { readTarGz, readZip } from '@shiplog/sbom';
import type { ArchiveEntry } from '@shiplog/sbom';
import { RegistryError, RegistryErrorCode } from './errors.ts';

/** What an upload needs to know about a wheel or sdist, read from its own METADATA / PKG-INFO. */
export interface PythonDistribution {
  readonly filetype: 'bdist_wheel' | 'sdist';
  /** `source` for sdists, the python tag of the wheel file name otherwise (`py3`, `cp312`). */
  readonly pyversion: string;
  readonly name: string;
  readonly version: string;
  /** Form fields from the core metadata: lowercased, `-` → `_`, repeated headers kept in order. */
  readonly fields: readonly (readonly [string, string])[];
}

const decoder = new TextDecoder();

// Multiple-use headers go to the plural form field names warehouse reads.
const plural: Readonly<Record<string, string>> = {
  classifier: 'classifiers',
  'project-url': 'project_urls',
  'license-file': 'license_files',
};

function invalid(message: string, cause?: unknown): RegistryError {
  return new RegistryError(RegistryErrorCode.ArtifactInvalid, message, cause === undefined ? {} : { cause });
}

/** RFC 822 headers, then the body, which core metadata uses as the long description. */
function parseCoreMetadata(text: string): { headers: [string, string][]; body: string } {
  const headers: [string, string][] = [];
  const lines = text.split(/\r?\n/);
  let index = 0;
  for (; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    if (line === '') break;
    const last = headers.at(-1);
    if (/^\s/.test(line) && last !== undefined) {
      last[1] = `${last[1]}\n${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon > 0) headers.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return { headers, body: lines.slice(index + 1).join('\n') };
}

function entriesOf(file: Uint8Array, filename: string): { entries: ArchiveEntry[]; sdist: boolean } {
  try {
    if (filename.endsWith('.whl')) return { entries: readZip(file), sdist: false };
    if (filename.endsWith('.tar.gz')) return { entries: readTarGz(file), sdist: true };
  } catch (error) {
    throw invalid(`${filename} is not a readable archive`, error);
  }
  throw invalid(`${filename} is neither a wheel (.whl) nor an sdist (.tar.gz)`);
}

/** Reads a wheel's `*.dist-info/METADATA` or an sdist's `PKG-INFO` into upload form fields. */
export function pythonDistributionOf(file: Uint8Array, filename: string): PythonDistribution {
  const { entries, sdist } = entriesOf(file, filename);
  const pattern = sdist ? /^[^/]+\/PKG-INFO$/ : /^[^/]+\.dist-info\/METADATA$/;
  const entry = entries.find((e) => pattern.test(e.path));
  if (entry === undefined) throw invalid(`${filename} has no ${sdist ? 'PKG-INFO' : '*.dist-info/METADATA'}`);
  const { headers, body } = parseCoreMetadata(decoder.decode(entry.data));
  const name = headers.find(([k]) => k === 'name')?.[1];
  const version = headers.find(([k]) => k === 'version')?.[1];
  if (name === undefined || version === undefined) throw invalid(`${entry.path} has no Name or Version`);
  const pyversion = sdist ? 'source' : (filename.slice(0, -'.whl'.length).split('-').at(-3) ?? '');
  if (pyversion === '') throw invalid(`${filename} is not a valid wheel file name`);
  const fields = headers.map(([k, v]) => [plural[k] ?? k.replace(/-/g, '_'), v] as const);
  return {
    filetype: sdist ? 'sdist' : 'bdist_wheel',
    pyversion,
    name,
    version,
    fields: body.trim() === '' ? fields : [...fields, ['description', body] as const],
  };
}

/** PEP 503 normalized project name. */
export function normalizePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
