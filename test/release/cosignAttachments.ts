// What cosign finds next to the published wasm artifact on a registry without the referrers API,
// read with skopeo (`inspect --raw`) and the OCI client, as an auditor with cosign would.
import { execFileSync } from 'node:child_process';
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

export async function cosignView(
  registryUrl: string,
  auth: string,
  repository: string,
  tag: string,
  signingKeyFile: string,
): Promise<CosignView> {
  const host = new URL(registryUrl).host;
  const raw = (ref: string): string =>
    execFileSync(
      'skopeo',
      ['inspect', '--raw', '--tls-verify=false', '--creds', auth, `docker://${host}/${repository}:${ref}`],
      {
        encoding: 'utf8',
      },
    );
  const manifestDigest = sha256Digest(new TextEncoder().encode(raw(tag)));
  const [username = '', password = ''] = auth.split(':');
  const client = createOciClient({ registryUrl, credentials: { username, password } });
  const publicKey = createPublicKey(readFileSync(signingKeyFile, 'utf8'))
    .export({ format: 'pem', type: 'spki' })
    .toString();
  const att = JSON.parse(raw(cosignTag(manifestDigest, 'att'))) as OciImageManifest;
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
  const sbom = JSON.parse(raw(cosignTag(manifestDigest, 'sbom'))) as OciImageManifest;
  const index = JSON.parse(raw(manifestDigest.replace(':', '-'))) as { manifests: CosignView['referrers'] };
  return {
    manifestDigest,
    attestations,
    sbomLayers: sbom.layers.map((l) => l.mediaType),
    referrers: index.manifests,
  };
}
