import { createHash, createPublicKey, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/**
 * What `cosign verify-blob --bundle b.json --key pub.pem` checks for a key-signed bundle, written
 * from cosign's / sigstore-go's verification code (no cosign binary can run here):
 * - the bundle media type is a Sigstore bundle (v0.1–v0.3 JSON);
 * - a DSSE envelope: go-securesystemslib's `EnvelopeVerifier` skips every signature whose `keyid`
 *   is neither empty nor the verifier's key id — for sigstore's `VerifierAdapter` (no KeyID of its
 *   own) that is `SHA256KeyID(pub)`, the SSH `SHA256:<base64>` fingerprint — and verifies the others
 *   over the PAE bytes `DSSEv1 <len> <type> <len> <payload>`; one valid signature suffices;
 * - a message signature: the digest is the blob's sha256 and the signature verifies over the blob;
 * - `verificationMaterial.publicKey.hint` is only a hint: cosign verifies with the key it was given.
 * Returns the reason it would refuse, or `undefined` when it accepts.
 */
export function cosignVerifyBlob(
  bundleJson: string,
  publicKeyPem: string,
  blob?: Uint8Array,
): string | undefined {
  const bundle = JSON.parse(bundleJson) as CosignBundle;
  if (!BUNDLE_MEDIA_TYPES.has(bundle.mediaType)) return `unknown bundle media type ${bundle.mediaType}`;
  if (bundle.verificationMaterial?.publicKey === undefined) return 'no public-key verification material';
  const key = createPublicKey(publicKeyPem);
  const hashed = key.asymmetricKeyType === 'ed25519' ? null : 'sha256';
  if (bundle.dsseEnvelope !== undefined) {
    const env = bundle.dsseEnvelope;
    const payload = Buffer.from(env.payload, 'base64');
    const pae = preAuthEncoding(env.payloadType, payload);
    const keyId = sshFingerprint(key);
    const candidates = env.signatures.filter((s) => s.keyid === '' || s.keyid === keyId);
    if (candidates.length === 0)
      return `no signature with keyid '' or ${keyId} (0 of ${env.signatures.length})`;
    const valid = candidates.some((s) => verify(hashed, pae, key, Buffer.from(s.sig, 'base64')));
    return valid ? undefined : 'no signature verifies over the PAE bytes';
  }
  const message = bundle.messageSignature;
  if (message === undefined || blob === undefined) return 'no message signature or no blob';
  const digest = createHash('sha256').update(blob).digest('base64');
  if (message.messageDigest?.digest !== digest) return 'the message digest is not the blob sha256';
  return verify(hashed, blob, key, Buffer.from(message.signature, 'base64'))
    ? undefined
    : 'the signature does not verify over the blob';
}

interface CosignBundle {
  readonly mediaType: string;
  readonly verificationMaterial?: { readonly publicKey?: { readonly hint?: string } };
  readonly dsseEnvelope?: {
    readonly payload: string;
    readonly payloadType: string;
    readonly signatures: readonly { readonly keyid: string; readonly sig: string }[];
  };
  readonly messageSignature?: {
    readonly messageDigest?: { readonly digest: string };
    readonly signature: string;
  };
}

const BUNDLE_MEDIA_TYPES = new Set([
  'application/vnd.dev.sigstore.bundle+json;version=0.1',
  'application/vnd.dev.sigstore.bundle+json;version=0.2',
  'application/vnd.dev.sigstore.bundle+json;version=0.3',
  'application/vnd.dev.sigstore.bundle.v0.3+json',
]);

/** DSSE v1 pre-authentication encoding. */
export function preAuthEncoding(payloadType: string, payload: Buffer): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `),
    type,
    Buffer.from(` ${payload.length} `),
    payload,
  ]);
}

function sshString(bytes: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(bytes.length);
  return Buffer.concat([len, bytes]);
}

/** golang.org/x/crypto/ssh `FingerprintSHA256` of the key's SSH wire form (P-256 or Ed25519). */
export function sshFingerprint(key: KeyObject): string {
  const jwk = key.export({ format: 'jwk' });
  const x = Buffer.from(jwk.x ?? '', 'base64url');
  const wire =
    key.asymmetricKeyType === 'ed25519'
      ? Buffer.concat([sshString(Buffer.from('ssh-ed25519')), sshString(x)])
      : Buffer.concat([
          sshString(Buffer.from('ecdsa-sha2-nistp256')),
          sshString(Buffer.from('nistp256')),
          sshString(Buffer.concat([Buffer.from([4]), x, Buffer.from(jwk.y ?? '', 'base64url')])),
        ]);
  return `SHA256:${createHash('sha256').update(wire).digest('base64').replace(/=+$/, '')}`;
}
