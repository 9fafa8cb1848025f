import { createHash } from 'node:crypto';
import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import type { ArtifactDescription, DeclaredDependency } from './artifactDescription.ts';
import { describeArtifact } from './describeArtifact.ts';
import { validateSbom } from './validateSbom.ts';

export interface SbomInput {
  readonly fileName: string;
  readonly bytes: Uint8Array;
  /** The artifact's purl (as the release names it); derived from its metadata when omitted. */
  readonly purl?: string;
  /** Name and version for artifacts that carry none (wasm modules). */
  readonly name?: string;
  readonly version?: string;
  /** `metadata.timestamp`: the caller's clock (the build's time keeps the document reproducible). */
  readonly timestamp: Date;
}

/** A validated CycloneDX 1.6 document about one artifact. */
export interface GeneratedSbom {
  /** The JSON text, as stored (its digest names it). */
  readonly json: string;
  /** `sha256:<hex>` of `json`. */
  readonly digest: string;
  readonly componentCount: number;
  readonly description: ArtifactDescription;
}

const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));

const scopes = {
  required: Enums.ComponentScope.Required,
  optional: Enums.ComponentScope.Optional,
  excluded: Enums.ComponentScope.Excluded,
} as const;

function purlOf(type: string, name: string, version: string | undefined): string {
  const path = name.startsWith('@')
    ? name.split('/').map(encodeURIComponent).join('/')
    : encodeURIComponent(name);
  return `pkg:${type}/${path}${version === undefined ? '' : `@${encodeURIComponent(version)}`}`;
}

function dependencyComponent(dep: DeclaredDependency, index: number): Models.Component {
  const properties = new Models.PropertyRepository();
  if (dep.requirement !== undefined)
    properties.add(new Models.Property('shiplog:version-requirement', dep.requirement));
  return new Models.Component(
    dep.purlType === 'generic' ? Enums.ComponentType.Platform : Enums.ComponentType.Library,
    dep.name,
    {
      bomRef: `dependency-${index}-${dep.name}`,
      ...(dep.version === undefined ? {} : { version: dep.version }),
      purl: purlOf(dep.purlType, dep.name, dep.version),
      scope: scopes[dep.scope],
      properties,
    },
  );
}

// RFC 4122 URL namespace: the name hashed is the `sha256:` digest of the document without its serial.
const SERIAL_NAMESPACE = Buffer.from('6ba7b8119dad11d180b400c04fd430c8', 'hex');

/**
 * The document's serial: a UUID v5 (RFC 4122 4.3) named by the digest of the document's own content
 * (everything but the serial). Two different documents, even of one artifact, never share it; the
 * same document rebuilt gets the same serial, so SBOMs stay reproducible.
 */
export function sbomSerialNumber(contentWithoutSerial: string): string {
  const name = `sha256:${createHash('sha256').update(contentWithoutSerial).digest('hex')}`;
  const h = createHash('sha1').update(SERIAL_NAMESPACE).update(name).digest().subarray(0, 16);
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x50;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const s = h.toString('hex');
  return `urn:uuid:${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}

/**
 * Builds the CycloneDX 1.6 SBOM of one artifact from the metadata inside it (see
 * `describeArtifact`), with the artifact's sha256 and sha512 as the root component's hashes, and
 * validates it against the official schema before returning it.
 */
export async function createSbom(input: SbomInput): Promise<GeneratedSbom> {
  const description = describeArtifact(input.fileName, input.bytes, input);
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const sha512 = createHash('sha512').update(input.bytes).digest('hex');
  const hashes = new Models.HashDictionary([
    [Enums.HashAlgorithm['SHA-256'], sha256],
    [Enums.HashAlgorithm['SHA-512'], sha512],
  ]);
  const licenses = new Models.LicenseRepository();
  if (description.license !== undefined) licenses.add(new Models.LicenseExpression(description.license));
  const properties = new Models.PropertyRepository([
    new Models.Property('shiplog:artifact-file', input.fileName),
    ...description.properties.map(([name, value]) => new Models.Property(name, value)),
  ]);
  const root = new Models.Component(
    description.kind === 'wasm' ? Enums.ComponentType.Application : Enums.ComponentType.Library,
    description.name,
    {
      bomRef: 'artifact',
      version: description.version,
      purl: input.purl ?? purlOf(description.purlType, description.name, description.version),
      hashes,
      licenses,
      properties,
      ...(description.description === undefined ? {} : { description: description.description }),
    },
  );
  const bom = new Models.Bom({
    metadata: new Models.Metadata({ timestamp: input.timestamp, component: root }),
  });
  description.dependencies.forEach((dep, index) => {
    const component = dependencyComponent(dep, index);
    bom.components.add(component);
    root.dependencies.add(component.bomRef);
  });
  bom.serialNumber = sbomSerialNumber(serializer.serialize(bom, { sortLists: true, space: 2 }));
  const json = serializer.serialize(bom, { sortLists: true, space: 2 });
  await validateSbom(json);
  return {
    json,
    digest: `sha256:${createHash('sha256').update(json).digest('hex')}`,
    componentCount: bom.components.size,
    description,
  };
}
