import { sha256Digest } from './digests.ts';
import { ociMediaType } from './ociTypes.ts';
import type { FetchedManifest, OciDescriptor, OciImageManifest } from './ociTypes.ts';

/** A document cosign's tag scheme files next to an image: `sha256-<hex>.att` or `.sbom`. */
export interface CosignTagLayer {
  /** `att` (DSSE envelopes, `cosign attest`), `sbom` (`cosign attach sbom`) or `sig`. */
  readonly suffix: 'att' | 'sbom' | 'sig';
  readonly content: Uint8Array;
  readonly mediaType: string;
  readonly annotations?: Readonly<Record<string, string>>;
}

interface Access {
  pushBlob(repository: string, content: Uint8Array, mediaType: string): Promise<OciDescriptor>;
  fetchManifest(repository: string, reference: string): Promise<FetchedManifest | undefined>;
  pushManifest(repository: string, reference: string, manifest: OciImageManifest): Promise<OciDescriptor>;
}

/** cosign's tag for what it attaches to `digest`: `sha256:<hex>` → `sha256-<hex>.<suffix>`. */
export function cosignTag(digest: string, suffix: CosignTagLayer['suffix']): string {
  return `${digest.replace(':', '-')}.${suffix}`;
}

const encoder = new TextEncoder();

/**
 * Adds a layer to the image at cosign's tag for `subjectDigest` (creating it), as `cosign attest`
 * / `cosign attach sbom` do on registries without the referrers API: an OCI image whose layers are
 * the documents and whose config lists them as diff ids. A layer already there is not added again.
 */
export async function attachCosignTag(
  access: Access,
  repository: string,
  subjectDigest: string,
  layer: CosignTagLayer,
): Promise<string> {
  const tag = cosignTag(subjectDigest, layer.suffix);
  const current = await access.fetchManifest(repository, tag);
  const layers = [...(current?.manifest.layers ?? [])];
  const pushed = await access.pushBlob(repository, layer.content, layer.mediaType);
  if (!layers.some((l) => l.digest === pushed.digest)) {
    layers.push({
      ...pushed,
      ...(layer.annotations === undefined ? {} : { annotations: layer.annotations }),
    });
  }
  const epoch = '0001-01-01T00:00:00Z';
  const config = encoder.encode(
    JSON.stringify({
      architecture: '',
      created: epoch,
      history: layers.map(() => ({ created: epoch })),
      os: '',
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
      config: {},
    }),
  );
  const configDescriptor = await access.pushBlob(repository, config, ociMediaType.imageConfig);
  const manifest: OciImageManifest = {
    schemaVersion: 2,
    mediaType: ociMediaType.imageManifest,
    config: configDescriptor,
    layers,
  };
  if (current !== undefined && current.digest === sha256Digest(encoder.encode(JSON.stringify(manifest))))
    return tag;
  await access.pushManifest(repository, tag, manifest);
  return tag;
}
