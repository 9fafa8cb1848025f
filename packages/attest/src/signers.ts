import { createPrivateKey, createPublicKey, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { FulcioSigner } from '@sigstore/sign';
import type { Signer } from '@sigstore/sign';

/** How an attestation is signed: with a local key (offline) or keyless (Fulcio + Rekor + OIDC). */
export type SigningIdentity =
  | {
      readonly kind: 'key';
      /** PEM (PKCS#8) or a KeyObject; ECDSA P-256 or Ed25519. */
      readonly privateKey: string | KeyObject;
      /** Names the public key for verifiers (their key selector looks it up). */
      readonly keyHint: string;
    }
  | {
      readonly kind: 'keyless';
      readonly fulcioURL: string;
      readonly rekorURL: string;
      /** The OIDC identity token (from the CI environment; the caller reads it). */
      readonly identityToken: string;
    };

/** A @sigstore/sign signer over a local private key; the bundle names the key by its hint. */
export function localKeySigner(privateKey: string | KeyObject, keyHint: string): Signer {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  const publicKey = createPublicKey(key).export({ format: 'pem', type: 'spki' }).toString();
  // Ed25519 signs the message itself; ECDSA hashes it with SHA-256 (DSSE's PAE bytes).
  const algorithm = key.asymmetricKeyType === 'ed25519' ? null : 'sha256';
  return {
    sign: (data: Buffer) =>
      Promise.resolve({
        signature: sign(algorithm, data, key),
        key: { $case: 'publicKey' as const, publicKey, hint: keyHint },
      }),
  };
}

/** The signer for an identity: a local key, or Fulcio with the OIDC token. */
export function signerFor(identity: SigningIdentity): Signer {
  if (identity.kind === 'key') return localKeySigner(identity.privateKey, identity.keyHint);
  const token = identity.identityToken;
  return new FulcioSigner({
    fulcioBaseURL: identity.fulcioURL,
    identityProvider: { getToken: () => Promise.resolve(token) },
  });
}
