import { versionExists, digestOfUpload } from './expectDigest.ts';
import { ociMediaType } from './ociTypes.ts';
import type { FetchedManifest, OciDescriptor, OciImageManifest } from './ociTypes.ts';
import type { PublishOptions, PublishReceipt } from './types.ts';

/** Options of a wasm artifact push (CNCF wasm OCI artifact layout). */
export interface WasmPublishOptions extends PublishOptions {
  /** Creation time written to the config; pass the build's time so re-pushes give the same manifest. */
  readonly created: string;
  readonly os?: 'wasip1' | 'wasip2';
  readonly component?: Readonly<Record<string, unknown>>;
  readonly annotations?: Readonly<Record<string, string>>;
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

  const layer = await oci.pushBlob(repository, wasm, ociMediaType.wasmLayer);
  const configJson = {
    created: options.created,
    architecture: 'wasm',
    os: options.os ?? 'wasip1',
    layerDigests: [layer.digest],
    ...(options.component === undefined ? {} : { component: options.component }),
  };
  const config = await oci.pushBlob(
    repository,
    new TextEncoder().encode(JSON.stringify(configJson)),
    ociMediaType.wasmConfig,
  );
  const manifest: OciImageManifest = {
    schemaVersion: 2,
    mediaType: ociMediaType.imageManifest,
    config,
    layers: [layer],
    ...(options.annotations === undefined ? {} : { annotations: options.annotations }),
  };
  const pushed = await oci.pushManifest(repository, tag, manifest);
  return receipt(false, { manifestDigest: pushed.digest, configDigest: config.digest });
}
