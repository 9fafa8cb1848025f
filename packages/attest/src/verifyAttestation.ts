import { createHash, createPublicKey } from 'node:crypto';
import { bundleFromJSON } from '@sigstore/bundle';
import type { Bundle } from '@sigstore/bundle';
import { TrustedRoot } from '@sigstore/protobuf-specs';
import { PolicyError, toSignedEntity, toTrustMaterial, Verifier, VerificationError } from '@sigstore/verify';
import type { VerificationPolicy } from '@sigstore/verify';
import { AttestError, AttestErrorCode } from './errors.ts';
import { IN_TOTO_PAYLOAD_TYPE, IN_TOTO_STATEMENT_V1 } from './provenanceStatement.ts';
import type { InTotoStatement } from './provenanceStatement.ts';

/** Whom to trust: local public keys by hint, and/or a Sigstore trusted root (Fulcio, Rekor, CT log). */
export interface VerifyAttestationOptions {
  /** PEM public keys by hint, for bundles signed with a local key. */
  readonly publicKeys?: Readonly<Record<string, string>>;
  /** A Sigstore trusted root (JSON), for keyless bundles. */
  readonly trustedRoot?: unknown;
  /** For keyless bundles: the certificate identity (SAN) and OIDC issuer that must have signed. */
  readonly identity?: { readonly subjectAlternativeName?: string; readonly issuer?: string };
}

export interface VerifiedAttestation {
  readonly statement: InTotoStatement;
  /** The subject whose digest matched the artifact. */
  readonly subjectName: string;
  readonly signer: { readonly keyHint?: string; readonly identity?: string; readonly issuer?: string };
}

const EMPTY_ROOT = {
  mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
  tlogs: [],
  certificateAuthorities: [],
  ctlogs: [],
  timestampAuthorities: [],
};

function parseBundle(value: unknown): Bundle {
  try {
    const json = typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
    return bundleFromJSON(json);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    throw new AttestError(AttestErrorCode.BundleMalformed, `not a Sigstore bundle: ${detail}`, {
      cause: err,
    });
  }
}

function keyHintOf(bundle: Bundle): string | undefined {
  const content = bundle.verificationMaterial.content;
  return content.$case === 'publicKey' ? content.publicKey.hint : undefined;
}

function statementOf(bundle: Bundle): InTotoStatement {
  if (
    bundle.content.$case !== 'dsseEnvelope' ||
    bundle.content.dsseEnvelope.payloadType !== IN_TOTO_PAYLOAD_TYPE
  ) {
    throw new AttestError(
      AttestErrorCode.StatementMalformed,
      `the bundle does not carry an ${IN_TOTO_PAYLOAD_TYPE} envelope`,
    );
  }
  let statement: unknown;
  try {
    statement = JSON.parse(bundle.content.dsseEnvelope.payload.toString('utf8'));
  } catch (err) {
    throw new AttestError(AttestErrorCode.StatementMalformed, 'the envelope payload is not JSON', {
      cause: err,
    });
  }
  const s = statement as Partial<InTotoStatement> | null;
  if (s?._type !== IN_TOTO_STATEMENT_V1 || !Array.isArray(s.subject) || typeof s.predicateType !== 'string') {
    throw new AttestError(AttestErrorCode.StatementMalformed, 'the payload is not an in-toto Statement v1');
  }
  return s as InTotoStatement;
}

/**
 * Verifies a Sigstore bundle over an in-toto statement against the artifact's bytes: the signature
 * (and, keyless, the certificate chain, CT and transparency-log proofs), the expected signer, and
 * that one subject's sha256 is the artifact's. Throws `AttestError` with the failing code.
 */
export function verifyAttestation(
  bundleJson: unknown,
  artifact: Uint8Array,
  options: VerifyAttestationOptions,
): VerifiedAttestation {
  const bundle = parseBundle(bundleJson);
  const keyHint = keyHintOf(bundle);
  const keyless = keyHint === undefined;
  const keys = options.publicKeys ?? {};
  const trust = toTrustMaterial(TrustedRoot.fromJSON(options.trustedRoot ?? EMPTY_ROOT), (hint: string) => {
    const pem = keys[hint];
    if (pem === undefined) {
      throw new AttestError(AttestErrorCode.SignerUntrusted, `no trusted public key named '${hint}'`);
    }
    return { publicKey: createPublicKey(pem), validFor: () => true };
  });
  const thresholds = keyless ? {} : { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 };
  const policy: VerificationPolicy = {
    ...(options.identity?.subjectAlternativeName === undefined
      ? {}
      : { subjectAlternativeName: options.identity.subjectAlternativeName }),
    ...(options.identity?.issuer === undefined ? {} : { extensions: { issuer: options.identity.issuer } }),
  };
  let signer;
  try {
    signer = new Verifier(trust, thresholds).verify(toSignedEntity(bundle), policy);
  } catch (err) {
    if (err instanceof AttestError) throw err;
    if (err instanceof PolicyError) {
      throw new AttestError(
        AttestErrorCode.SignerUntrusted,
        `signed by an unexpected identity: ${err.message}`,
        { cause: err },
      );
    }
    const code = err instanceof VerificationError ? ` (${err.code})` : '';
    const detail = err instanceof Error ? err.message : String(err);
    throw new AttestError(AttestErrorCode.SignatureInvalid, `the bundle does not verify${code}: ${detail}`, {
      cause: err,
    });
  }
  const statement = statementOf(bundle);
  const sha256 = createHash('sha256').update(artifact).digest('hex');
  const subject = statement.subject.find((s) => s.digest['sha256'] === sha256);
  if (subject === undefined) {
    throw new AttestError(
      AttestErrorCode.SubjectMismatch,
      `the statement is about ${statement.subject.map((s) => `${s.name} sha256:${s.digest['sha256'] ?? '?'}`).join(', ')}, not these bytes (sha256:${sha256})`,
    );
  }
  return {
    statement,
    subjectName: subject.name,
    signer: {
      ...(keyHint === undefined ? {} : { keyHint }),
      ...(signer.identity?.subjectAlternativeName === undefined
        ? {}
        : { identity: signer.identity.subjectAlternativeName }),
      ...(signer.identity?.extensions?.issuer === undefined
        ? {}
        : { issuer: signer.identity.extensions.issuer }),
    },
  };
}
