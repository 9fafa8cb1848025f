import { sha256Digest } from './digests.ts';
import { versionExists, digestOfUpload } from './expectDigest.ts';
import { ociMediaType } from './ociTypes.ts';
import type { FetchedManifest, OciDescriptor, OciImageManifest } from './ociTypes.ts';
import type { PublishOptions, PublishReceipt } from './types.ts';

/** What makes a wasm artifact's manifest: the same options give the same manifest digest. */
export interface WasmManifestOptions {
  /** Creation time written to the config; pass the build's time so re-pushes give the same manifest. */
  readonly created: string;
  readonly os?: 'wasip1' | 'wasip2';
  readonly component?: Readonly<Record<string, unknown>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Options of a wasm artifact push (CNCF wasm OCI artifact layout). */
export interface WasmPublishOptions extends PublishOptions, WasmManifestOptions {}

/** A wasm artifact's config and manifest, as pushed (bytes and digests). */
export interface WasmArtifactManifest {
  readonly config: Uint8Array;
  readonly manifest: OciImageManifest;
  /** `sha256:<hex>` of the manifest as pushed: what `cosign verify-attestation` names the artifact by. */
  readonly digest: string;
}

const encoder = new TextEncoder();

/**
 * The manifest `pushWasmArtifact` pushes for these bytes and options, computed without a registry:
 * a build can name (and sign) the manifest digest before anything is published.
 */
export function wasmArtifactManifest(wasm: Uint8Array, options: WasmManifestOptions): WasmArtifactManifest {
  const layer = { mediaType: ociMediaType.wasmLayer, digest: sha256Digest(wasm), size: wasm.length };
  const config = encoder.encode(
    JSON.stringify({
      created: options.created,
      architecture: 'wasm',
      os: options.os ?? 'wasip1',
      layerDigests: [layer.digest],
      ...(options.component === undefined ? {} : { component: options.component }),
    }),
  );
  const manifest: OciImageManifest = {
    schemaVersion: 2,
    mediaType: ociMediaType.imageManifest,
    config: { mediaType: ociMediaType.wasmConfig, digest: sha256Digest(config), size: config.length },
    layers: [layer],
    ...(options.annotations === undefined ? {} : { annotations: options.annotations }),
  };
  return { config, manifest, digest: sha256Digest(encoder.encode(JSON.stringify(manifest))) };
}

interface OciPrimitives {
  pushBlob(repository: string, content: Uint8Array, mediaType: string): Promise<OciDescriptor>;
  pushManifest(repository: string, reference: string, manifest: OciImageManifest): Promise<OciDescriptor>;
  fetchManifest(repository: string, reference: string): Promise<FetchedManifest | undefined>;
}

/**
 * Pushes a wasm module as a CNCF wasm artifact: config `application/vnd.wasm.config.v0+json`, one
 * `application/wasm` layer. A tag already holding the same module is success without upload; a tag
 * holding anything else is `VERSION_EXISTS_OTHER_BYTES` (tags are release versions, never moved).
 */
export async function pushWasmArtifact(
  oci: OciPrimitives,
  registryUrl: string,
  repository: string,
  tag: string,
  wasm: Uint8Array,
  options: WasmPublishOptions,
): Promise<PublishReceipt> {
  const what = `${repository}:${tag}`;
  const digest = digestOfUpload(wasm, options.expectedDigest, `wasm module for ${what}`);
  const receipt = (alreadyPublished: boolean, details: PublishReceipt['details']): PublishReceipt => ({
    ecosystem: 'oci-wasm',
    registry: registryUrl,
    name: repository,
    version: tag,
    digest,
    alreadyPublished,
    details,
  });

  const existing = await oci.fetchManifest(repository, tag);
  if (existing !== undefined) {
    const layers = existing.manifest.layers ?? [];
    const there = (layers.length === 1 ? layers[0]?.digest : undefined) ?? existing.digest;
    if (there !== digest) throw versionExists(what, there, digest);
    return receipt(true, { manifestDigest: existing.digest, configDigest: existing.manifest.config.digest });
  }

  const built = wasmArtifactManifest(wasm, options);
  await oci.pushBlob(repository, wasm, ociMediaType.wasmLayer);
  const config = await oci.pushBlob(repository, built.config, ociMediaType.wasmConfig);
  const manifest = built.manifest;
  const pushed = await oci.pushManifest(repository, tag, manifest);
  return receipt(false, { manifestDigest: pushed.digest, configDigest: config.digest });
}
