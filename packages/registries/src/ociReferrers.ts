import { ociMediaType } from './ociTypes.ts';
import type { FetchedManifest, OciDescriptor, OciImageManifest } from './ociTypes.ts';
import type { OciTransport } from './ociTransport.ts';

/** An OCI image index (the referrers list and the fallback tag's content). */
interface OciIndex {
  readonly schemaVersion: 2;
  readonly mediaType: string;
  readonly manifests: readonly OciDescriptor[];
}

interface ManifestAccess {
  fetchManifest(repository: string, reference: string): Promise<FetchedManifest | undefined>;
  pushManifest(
    repository: string,
    reference: string,
    manifest: OciImageManifest | Uint8Array,
    mediaType?: string,
  ): Promise<OciDescriptor>;
}

/** The referrers tag schema of OCI distribution 1.1: `sha256:<hex>` → `sha256-<hex>`. */
export function fallbackTag(digest: string): string {
  return digest.replace(':', '-');
}

/**
 * For registries without the referrers API (no `OCI-Subject` answer), adds the referrer to the
 * image index at the fallback tag, as OCI distribution 1.1 asks clients to.
 */
export async function recordReferrer(
  access: ManifestAccess,
  repository: string,
  subjectDigest: string,
  referrer: OciDescriptor,
): Promise<void> {
  const tag = fallbackTag(subjectDigest);
  const current = await access.fetchManifest(repository, tag);
  const manifests = current === undefined ? [] : ((current.manifest as unknown as OciIndex).manifests ?? []);
  if (manifests.some((m) => m.digest === referrer.digest)) return;
  const index: OciIndex = {
    schemaVersion: 2,
    mediaType: ociMediaType.imageIndex,
    manifests: [...manifests, referrer],
  };
  await access.pushManifest(
    repository,
    tag,
    new TextEncoder().encode(JSON.stringify(index)),
    ociMediaType.imageIndex,
  );
}

/** Lists referrers through `GET /v2/<name>/referrers/<digest>`, or the fallback tag on a 404. */
export async function referrersOf(
  transport: OciTransport,
  fetchManifest: ManifestAccess['fetchManifest'],
  repository: string,
  digest: string,
  artifactType?: string,
): Promise<OciDescriptor[]> {
  const path = `/v2/${repository}/referrers/${digest}${artifactType === undefined ? '' : `?artifactType=${encodeURIComponent(artifactType)}`}`;
  const response = await transport.request(
    path,
    { headers: { accept: ociMediaType.imageIndex } },
    `repository:${repository}:pull`,
  );
  let manifests: readonly OciDescriptor[];
  const isIndex = (response.headers.get('content-type') ?? '').includes(ociMediaType.imageIndex);
  if (response.ok && isIndex) {
    const index = JSON.parse(new TextDecoder().decode(await transport.bytes(response, path))) as OciIndex;
    manifests = index.manifests ?? [];
  } else if (response.status === 404 || (response.ok && !isIndex)) {
    await response.body?.cancel();
    const fallback = await fetchManifest(repository, fallbackTag(digest));
    manifests = fallback === undefined ? [] : ((fallback.manifest as unknown as OciIndex).manifests ?? []);
  } else {
    return transport.fail(response, path, `referrers of ${digest}`);
  }
  return manifests.filter((m) => artifactType === undefined || m.artifactType === artifactType);
}
