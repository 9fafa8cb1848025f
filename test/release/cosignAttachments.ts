// What cosign finds next to the published wasm artifact on a registry without the referrers API,
// read over plain HTTP with the OCI client (skopeo tries HTTPS first, which the counting proxy in
// front of docker-registry never answers; test/registries/ociClient.e2e.spec.ts uses skopeo).
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cosignVerifyBlob } from '@shiplog/attest/testing';
import { cosignTag, createOciClient, sha256Digest } from '@shiplog/registries';
import type { OciImageManifest } from '@shiplog/registries';

export interface CosignView {
  /** The digest of the manifest tagged with the version. */
  readonly manifestDigest: string;
  /** Why cosign would refuse each `.att` layer (undefined: it verifies), and its statement subjects. */
  readonly attestations: {
    refusal: string | undefined;
    subjects: { name: string; digest: Record<string, string> }[];
  }[];
  readonly sbomLayers: string[];
  /** The referrers index at the OCI 1.1 fallback tag `sha256-<hex>`. */
  readonly referrers: { artifactType?: string; annotations?: Record<string, string> }[];
}

/** Where the artifact is: the registry, its `user:password`, the repository and the version tag. */
export interface ArtifactAt {
  readonly registryUrl: string;
  readonly auth: string;
  readonly repository: string;
  readonly tag: string;
}

export async function cosignView(at: ArtifactAt, signingKeyFile: string): Promise<CosignView> {
  const { registryUrl, auth, repository, tag } = at;
  const [username = '', password = ''] = auth.split(':');
  const client = createOciClient({ registryUrl, credentials: { username, password } });
  const raw = async (ref: string): Promise<string> => {
    const found = await client.fetchManifest(repository, ref);
    if (found === undefined) throw new Error(`${repository}:${ref} is not in the registry`);
    return new TextDecoder().decode(found.bytes);
  };
  const manifestDigest = sha256Digest(new TextEncoder().encode(await raw(tag)));
  const publicKey = createPublicKey(readFileSync(signingKeyFile, 'utf8'))
    .export({ format: 'pem', type: 'spki' })
    .toString();
  const att = JSON.parse(await raw(cosignTag(manifestDigest, 'att'))) as OciImageManifest;
  const attestations = [];
  for (const layer of att.layers) {
    const envelope = JSON.parse(
      new TextDecoder().decode(await client.fetchBlob(repository, layer.digest)),
    ) as {
      payload: string;
    };
    // cosign verify-attestation --key checks each envelope exactly as verify-blob does a bundle's.
    const bundle = {
      mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      verificationMaterial: { publicKey: { hint: '' } },
      dsseEnvelope: envelope,
    };
    const statement = JSON.parse(Buffer.from(envelope.payload, 'base64').toString('utf8')) as {
      subject: { name: string; digest: Record<string, string> }[];
    };
    attestations.push({
      refusal: cosignVerifyBlob(JSON.stringify(bundle), publicKey),
      subjects: statement.subject,
    });
  }
  const sbom = JSON.parse(await raw(cosignTag(manifestDigest, 'sbom'))) as OciImageManifest;
  const index = JSON.parse(await raw(manifestDigest.replace(':', '-'))) as {
    manifests: CosignView['referrers'];
  };
  return {
    manifestDigest,
    attestations,
    sbomLayers: sbom.layers.map((l) => l.mediaType),
    referrers: index.manifests,
  };
}
