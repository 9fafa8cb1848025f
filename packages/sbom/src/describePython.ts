import type { ArtifactDescription, DeclaredDependency } from './artifactDescription.ts';
import { SbomError, SbomErrorCode } from './errors.ts';
import type { ArchiveEntry } from './readTar.ts';

const decoder = new TextDecoder();

/** Core metadata (METADATA, PKG-INFO): RFC 822 headers, repeated ones kept in order. */
export function parseCoreMetadata(text: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  let last: string | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break;
    if (/^\s/.test(line) && last !== undefined) {
      const values = headers.get(last) ?? [];
      values[values.length - 1] = `${values.at(-1) ?? ''}\n${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    last = line.slice(0, colon).trim().toLowerCase();
    headers.set(last, [...(headers.get(last) ?? []), line.slice(colon + 1).trim()]);
  }
  return headers;
}

/** One PEP 508 requirement: `name[extras] (spec) ; marker` or `name spec ; marker`. */
export function parseRequirement(text: string, forExtra?: string): DeclaredDependency | undefined {
  const [spec = '', marker = ''] = text.split(';', 2);
  const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*\(?([^)]*)\)?\s*$/.exec(spec);
  if (match?.[1] === undefined) return undefined;
  const requirement = (match[3] ?? '').trim();
  const exact = /^===?\s*([^,\s*]+)$/.exec(requirement)?.[1];
  const optional = forExtra !== undefined || /\bextra\s*==/.test(marker);
  return {
    name: match[1].toLowerCase().replace(/[._-]+/g, '-'),
    ...(exact === undefined ? {} : { version: exact }),
    ...(requirement === '' || exact !== undefined ? {} : { requirement }),
    scope: optional ? 'optional' : 'required',
    purlType: 'pypi',
  };
}

/** setuptools' `requires.txt`: requirements, then `[extra]` or `[:marker]` sections. */
function parseRequiresTxt(text: string): DeclaredDependency[] {
  const found: DeclaredDependency[] = [];
  let section: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const header = /^\[(.*)\]$/.exec(line);
    if (header !== null) {
      section = header[1];
      continue;
    }
    const extra = section === undefined || section.startsWith(':') ? undefined : section.split(':')[0];
    const dependency = parseRequirement(line, extra);
    if (dependency !== undefined) found.push(dependency);
  }
  return found;
}

function describe(
  kind: 'wheel' | 'sdist',
  metadataPath: string,
  headers: Map<string, string[]>,
  dependencies: readonly DeclaredDependency[],
): ArtifactDescription {
  const name = headers.get('name')?.[0];
  const version = headers.get('version')?.[0];
  if (name === undefined || version === undefined) {
    throw new SbomError(SbomErrorCode.MetadataMissing, `${metadataPath} has no Name or Version`);
  }
  const license = headers.get('license-expression')?.[0] ?? headers.get('license')?.[0];
  const description = headers.get('summary')?.[0];
  return {
    kind,
    purlType: 'pypi',
    name,
    version,
    ...(license === undefined || license === 'UNKNOWN' ? {} : { license }),
    ...(description === undefined ? {} : { description }),
    dependencies,
    properties: [['shiplog:metadata-file', metadataPath]],
  };
}

/** Reads a wheel's `*.dist-info/METADATA`. */
export function describeWheel(entries: readonly ArchiveEntry[]): ArtifactDescription {
  const entry = entries.find((e) => /^[^/]+\.dist-info\/METADATA$/.test(e.path));
  if (entry === undefined)
    throw new SbomError(SbomErrorCode.MetadataMissing, 'the wheel has no *.dist-info/METADATA');
  const headers = parseCoreMetadata(decoder.decode(entry.data));
  const dependencies = (headers.get('requires-dist') ?? []).map((r) => parseRequirement(r));
  return describe(
    'wheel',
    entry.path,
    headers,
    dependencies.filter((d) => d !== undefined),
  );
}

/**
 * Reads an sdist's `PKG-INFO`. Older setuptools leave Requires-Dist out of it (metadata 2.1); the
 * requirements are then read from the `*.egg-info/requires.txt` the sdist carries.
 */
export function describeSdist(entries: readonly ArchiveEntry[]): ArtifactDescription {
  const entry = entries.find((e) => /^[^/]+\/PKG-INFO$/.test(e.path));
  if (entry === undefined)
    throw new SbomError(SbomErrorCode.MetadataMissing, 'the sdist has no <name>-<version>/PKG-INFO');
  const headers = parseCoreMetadata(decoder.decode(entry.data));
  const declared = headers.get('requires-dist');
  if (declared !== undefined) {
    const dependencies = declared.map((r) => parseRequirement(r)).filter((d) => d !== undefined);
    return describe('sdist', entry.path, headers, dependencies);
  }
  const requires = entries.find((e) => /^[^/]+\/(src\/)?[^/]+\.egg-info\/requires\.txt$/.test(e.path));
  const dependencies = requires === undefined ? [] : parseRequiresTxt(decoder.decode(requires.data));
  const description = describe('sdist', entry.path, headers, dependencies);
  return requires === undefined
    ? description
    : {
        ...description,
        properties: [...description.properties, ['shiplog:requirements-file', requires.path]],
      };
}
