import { createHash } from 'node:crypto';
import { bundleToJSON } from '@sigstore/bundle';
import type { SerializedBundle } from '@sigstore/bundle';
import { DSSEBundleBuilder, RekorWitness } from '@sigstore/sign';
import { AttestError, AttestErrorCode } from './errors.ts';
import { IN_TOTO_PAYLOAD_TYPE } from './provenanceStatement.ts';
import type { InTotoStatement } from './provenanceStatement.ts';
import { signerFor } from './signers.ts';
import type { SigningIdentity } from './signers.ts';

/** A signed statement: the Sigstore bundle (v0.3 JSON), its text and digest. */
export interface SignedStatement {
  readonly bundle: SerializedBundle;
  /** The bundle as stored (its digest names it). */
  readonly json: string;
  /** `sha256:<hex>` of `json`. */
  readonly digest: string;
  /** The Rekor entry, for keyless signing. */
  readonly transparencyLog?: {
    readonly logIndex: number;
    readonly logId?: string;
    readonly integratedTime?: number;
  };
}

/**
 * @sigstore/sign writes the key hint into each DSSE signature's `keyid`; cosign (go-securesystemslib's
 * DSSE verifier) skips a signature whose keyid is neither empty nor its key's SHA256 fingerprint,
 * so no hint-named signature would verify. The hint stays in `verificationMaterial.publicKey.hint`,
 * where verifiers look for it; the keyid is outside the signed PAE bytes, so clearing it is safe.
 */
function withEmptyKeyIds(bundle: SerializedBundle): SerializedBundle {
  const envelope = bundle.dsseEnvelope;
  if (envelope === undefined) return bundle;
  return {
    ...bundle,
    dsseEnvelope: { ...envelope, signatures: envelope.signatures.map((s) => ({ ...s, keyid: '' })) },
  };
}

/**
 * Signs an in-toto statement into a Sigstore bundle (a DSSE envelope). A local key signs offline
 * with no witnesses; keyless signing gets a Fulcio certificate for the OIDC identity and records
 * the signature in Rekor.
 */
export async function signStatement(
  statement: InTotoStatement,
  identity: SigningIdentity,
): Promise<SignedStatement> {
  const witnesses =
    identity.kind === 'keyless'
      ? [new RekorWitness({ rekorBaseURL: identity.rekorURL, entryType: 'intoto' })]
      : [];
  const builder = new DSSEBundleBuilder({ signer: signerFor(identity), witnesses });
  let bundle: SerializedBundle;
  try {
    const created = await builder.create({
      data: Buffer.from(JSON.stringify(statement)),
      type: IN_TOTO_PAYLOAD_TYPE,
    });
    bundle = withEmptyKeyIds(bundleToJSON(created));
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new AttestError(AttestErrorCode.SigningFailed, `signing failed: ${detail}`, { cause: err });
  }
  const json = JSON.stringify(bundle);
  const entry = bundle.verificationMaterial.tlogEntries?.[0];
  return {
    bundle,
    json,
    digest: `sha256:${createHash('sha256').update(json).digest('hex')}`,
    ...(entry === undefined
      ? {}
      : {
          transparencyLog: {
            logIndex: Number(entry.logIndex),
            ...(entry.logId?.keyId === undefined ? {} : { logId: entry.logId.keyId }),
            integratedTime: Number(entry.integratedTime),
          },
        }),
  };
}
