/** An OCI content descriptor. */
export interface OciDescriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly artifactType?: string;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** An OCI image manifest (the shape wasm artifacts and referrers use). */
export interface OciImageManifest {
  readonly schemaVersion: 2;
  readonly mediaType: string;
  readonly artifactType?: string;
  readonly config: OciDescriptor;
  readonly layers: readonly OciDescriptor[];
  readonly subject?: OciDescriptor;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A manifest as fetched: its bytes, digest and parsed form. */
export interface FetchedManifest {
  readonly digest: string;
  readonly mediaType: string;
  readonly bytes: Uint8Array;
  readonly manifest: OciImageManifest;
}

export const ociMediaType = {
  imageManifest: 'application/vnd.oci.image.manifest.v1+json',
  imageIndex: 'application/vnd.oci.image.index.v1+json',
  empty: 'application/vnd.oci.empty.v1+json',
  imageConfig: 'application/vnd.oci.image.config.v1+json',
  wasmConfig: 'application/vnd.wasm.config.v0+json',
  wasmLayer: 'application/wasm',
} as const;
