import { wasmArtifactManifest } from '@shiplog/registries';
import type { WasmManifestOptions } from '@shiplog/registries';

/** What the build worker records about an OCI artifact's manifest before anything is published. */
export interface OciManifestFacts {
  /** `sha256:` digest of the manifest the publish worker will push: the purl version, a signed subject. */
  readonly manifestDigest: string;
  /** The config's `created` (SOURCE_DATE_EPOCH), so the pushed manifest is the one named here. */
  readonly created: string;
}

/** The manifest options build and publish share, so both compute the same manifest. */
export function wasmManifestOptions(fileName: string, created: string): WasmManifestOptions {
  return { created, annotations: { 'org.opencontainers.image.title': fileName } };
}

/** The manifest facts of a wasm file built at SOURCE_DATE_EPOCH `sourceDateEpoch` (seconds). */
export function ociManifestFacts(
  fileName: string,
  wasm: Uint8Array,
  sourceDateEpoch: number,
): OciManifestFacts {
  const created = new Date(sourceDateEpoch * 1000).toISOString();
  return {
    manifestDigest: wasmArtifactManifest(wasm, wasmManifestOptions(fileName, created)).digest,
    created,
  };
}
