import { sha256Digest } from './digests.ts';
import { RegistryError, RegistryErrorCode } from './errors.ts';
import { httpFrom } from './http.ts';
import { OciTransport, assertDigest } from './ociTransport.ts';
import type { OciCredentials } from './ociTransport.ts';
import { ociMediaType } from './ociTypes.ts';
import type { FetchedManifest, OciDescriptor, OciImageManifest } from './ociTypes.ts';
import { attachCosignTag } from './ociCosignTags.ts';
import type { CosignTagLayer } from './ociCosignTags.ts';
import { referrersOf, recordReferrer } from './ociReferrers.ts';
import { pushWasmArtifact } from './ociWasm.ts';
import type { WasmPublishOptions } from './ociWasm.ts';
import type { ClientOptions, Lookup, PublishReceipt } from './types.ts';

/** Options for {@link createOciClient}. */
export interface OciClientOptions extends ClientOptions {
  /** The registry base, e.g. `https://ghcr.io`. */
  readonly registryUrl: string;
  readonly credentials?: OciCredentials;
}

/** A document (signature bundle, SBOM) attached to a manifest through `subject`. */
export interface ReferrerInput {
  readonly artifactType: string;
  readonly content: Uint8Array;
  readonly mediaType: string;
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * Where the registry has no referrers API, also file the document under cosign's tag scheme
   * (`sha256-<hex>.att` / `.sbom`), which `cosign verify-attestation` reads there.
   */
  readonly cosignTag?: CosignTagLayer;
}

/** A referrer as attached: its descriptor, and cosign's tag when one was written. */
export interface AttachedReferrer extends OciDescriptor {
  readonly cosignTag?: string;
}

/** An OCI distribution client for wasm artifacts and their referrers. */
export interface OciClient {
  pushBlob(repository: string, content: Uint8Array, mediaType: string): Promise<OciDescriptor>;
  /** Pushes a manifest under a tag or its digest; checks the registry's `Docker-Content-Digest`. */
  pushManifest(
    repository: string,
    reference: string,
    manifest: OciImageManifest | Uint8Array,
    mediaType?: string,
  ): Promise<OciDescriptor & { readonly subjectSupported: boolean }>;
  /** The manifest at a tag or digest, checked against its digest; undefined when absent. */
  fetchManifest(repository: string, reference: string): Promise<FetchedManifest | undefined>;
  /** A blob, checked against its digest. */
  fetchBlob(repository: string, digest: string): Promise<Uint8Array>;
  /** The tag's artifact: absent, or present with the digest of its one layer (the wasm bytes). */
  lookup(repository: string, tag: string): Promise<Lookup>;
  /** Pushes a wasm module as a CNCF wasm artifact under `tag`; idempotent by the module's bytes. */
  publishWasm(
    repository: string,
    tag: string,
    wasm: Uint8Array,
    options: WasmPublishOptions,
  ): Promise<PublishReceipt>;
  /** Pushes a referrer manifest whose `subject` is `subject`, keeping the fallback tag when needed. */
  attachReferrer(repository: string, subject: OciDescriptor, input: ReferrerInput): Promise<AttachedReferrer>;
  /** The referrers of a manifest (referrers API, or the `sha256-<hex>` fallback tag). */
  listReferrers(repository: string, digest: string, artifactType?: string): Promise<OciDescriptor[]>;
}

const manifestAccept = [
  ociMediaType.imageManifest,
  ociMediaType.imageIndex,
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');
const encoder = new TextEncoder();

/** Creates an OCI distribution client (PROTOCOLS.md, OCI registries and WebAssembly). */
export function createOciClient(options: OciClientOptions): OciClient {
  const transport = new OciTransport(httpFrom(options), options.registryUrl, options.credentials);
  const scope = (repository: string, push: boolean): string =>
    `repository:${repository}:${push ? 'pull,push' : 'pull'}`;

  const pushBlob = async (
    repository: string,
    content: Uint8Array,
    mediaType: string,
  ): Promise<OciDescriptor> => {
    const digest = sha256Digest(content);
    const descriptor = { mediaType, digest, size: content.length };
    const headPath = `/v2/${repository}/blobs/${digest}`;
    const head = await transport.request(headPath, { method: 'HEAD' }, scope(repository, true));
    if (head.ok) return descriptor;
    if (head.status !== 404) await transport.fail(head, headPath, `blob check in ${repository}`);
    const startPath = `/v2/${repository}/blobs/uploads/`;
    const started = await transport.request(startPath, { method: 'POST' }, scope(repository, true));
    if (started.status !== 202) await transport.fail(started, startPath, `blob upload to ${repository}`);
    await started.body?.cancel();
    const location = new URL(started.headers.get('location') ?? '', transport.url(startPath));
    location.searchParams.set('digest', digest);
    const put = await transport.request(
      location.href,
      {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream' },
        body: content as Uint8Array<ArrayBuffer>,
      },
      scope(repository, true),
    );
    if (put.status !== 201) await transport.fail(put, location.pathname, `blob upload to ${repository}`);
    await put.body?.cancel();
    return descriptor;
  };

  const pushManifest: OciClient['pushManifest'] = async (repository, reference, manifest, mediaType) => {
    const bytes = manifest instanceof Uint8Array ? manifest : encoder.encode(JSON.stringify(manifest));
    const type =
      mediaType ?? (manifest instanceof Uint8Array ? ociMediaType.imageManifest : manifest.mediaType);
    const digest = sha256Digest(bytes);
    const path = `/v2/${repository}/manifests/${reference}`;
    const response = await transport.request(
      path,
      { method: 'PUT', headers: { 'content-type': type }, body: bytes as Uint8Array<ArrayBuffer> },
      scope(repository, true),
    );
    if (response.status !== 201)
      await transport.fail(response, path, `manifest push to ${repository}:${reference}`);
    await response.body?.cancel();
    const stored = response.headers.get('docker-content-digest');
    if (stored !== null && stored !== digest) {
      throw new RegistryError(
        RegistryErrorCode.DigestMismatch,
        `${repository}:${reference}: the registry stored ${stored}, we sent ${digest}`,
      );
    }
    return {
      mediaType: type,
      digest,
      size: bytes.length,
      subjectSupported: response.headers.has('oci-subject'),
    };
  };

  const fetchManifest = async (
    repository: string,
    reference: string,
  ): Promise<FetchedManifest | undefined> => {
    const path = `/v2/${repository}/manifests/${reference}`;
    const response = await transport.request(
      path,
      { headers: { accept: manifestAccept } },
      scope(repository, false),
    );
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok) await transport.fail(response, path, `manifest ${repository}:${reference}`);
    const bytes = await transport.bytes(response, path);
    const claimed = reference.startsWith('sha256:')
      ? reference
      : response.headers.get('docker-content-digest');
    const digest = sha256Digest(bytes);
    if (claimed !== null) assertDigest(bytes, claimed, `manifest ${repository}:${reference}`);
    return {
      digest,
      mediaType: response.headers.get('content-type') ?? ociMediaType.imageManifest,
      bytes,
      manifest: JSON.parse(new TextDecoder().decode(bytes)) as OciImageManifest,
    };
  };

  const fetchBlob = async (repository: string, digest: string): Promise<Uint8Array> => {
    const path = `/v2/${repository}/blobs/${digest}`;
    const response = await transport.request(path, {}, scope(repository, false));
    if (!response.ok) await transport.fail(response, path, `blob ${digest} of ${repository}`);
    const bytes = await transport.bytes(response, path);
    assertDigest(bytes, digest, `blob of ${repository}`);
    return bytes;
  };

  const lookup = async (repository: string, tag: string): Promise<Lookup> => {
    const found = await fetchManifest(repository, tag);
    if (found === undefined) return { state: 'absent' };
    const layers = found.manifest.layers ?? [];
    const layer = layers.length === 1 ? layers[0] : undefined;
    // Anything but a one-layer artifact is "other bytes" for our purposes: report the manifest digest.
    return { state: 'present', digest: layer?.digest ?? found.digest };
  };

  const attachReferrer = async (
    repository: string,
    subject: OciDescriptor,
    input: ReferrerInput,
  ): Promise<AttachedReferrer> => {
    const config = await pushBlob(repository, encoder.encode('{}'), ociMediaType.empty);
    const layer = await pushBlob(repository, input.content, input.mediaType);
    const manifest: OciImageManifest = {
      schemaVersion: 2,
      mediaType: ociMediaType.imageManifest,
      artifactType: input.artifactType,
      config,
      layers: [layer],
      subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
      ...(input.annotations === undefined ? {} : { annotations: input.annotations }),
    };
    const pushed = await pushManifest(
      repository,
      sha256Digest(encoder.encode(JSON.stringify(manifest))),
      manifest,
    );
    const descriptor: OciDescriptor = {
      mediaType: pushed.mediaType,
      digest: pushed.digest,
      size: pushed.size,
      artifactType: input.artifactType,
      ...(input.annotations === undefined ? {} : { annotations: input.annotations }),
    };
    if (pushed.subjectSupported) return descriptor;
    await recordReferrer({ fetchManifest, pushManifest }, repository, subject.digest, descriptor);
    if (input.cosignTag === undefined) return descriptor;
    const access = { pushBlob, fetchManifest, pushManifest };
    return {
      ...descriptor,
      cosignTag: await attachCosignTag(access, repository, subject.digest, input.cosignTag),
    };
  };

  return {
    pushBlob,
    pushManifest,
    fetchManifest,
    fetchBlob,
    lookup,
    publishWasm: (repository, tag, wasm, publishOptions) =>
      pushWasmArtifact(
        { pushBlob, pushManifest, fetchManifest },
        options.registryUrl,
        repository,
        tag,
        wasm,
        publishOptions,
      ),
    attachReferrer,
    listReferrers: (repository, digest, artifactType) =>
      referrersOf(transport, fetchManifest, repository, digest, artifactType),
  };
}
