/** Stable codes for this package's errors (test by code, never by message). */
export const AttestErrorCode = {
  /** The bundle is not a Sigstore bundle (bad JSON or shape). */
  BundleMalformed: 'ATTEST_BUNDLE_MALFORMED',
  /** The signature, certificate or transparency-log proof does not verify (bytes altered, wrong key). */
  SignatureInvalid: 'ATTEST_SIGNATURE_INVALID',
  /** It verifies, but the signer is not the one expected (identity, issuer or key). */
  SignerUntrusted: 'ATTEST_SIGNER_UNTRUSTED',
  /** The signed statement is not an in-toto Statement v1. */
  StatementMalformed: 'ATTEST_STATEMENT_MALFORMED',
  /** The statement is about other bytes: no subject digest equals the artifact's. */
  SubjectMismatch: 'ATTEST_SUBJECT_MISMATCH',
  /** Signing failed (Fulcio, Rekor or the key). */
  SigningFailed: 'ATTEST_SIGNING_FAILED',
} as const;
export type AttestErrorCode = (typeof AttestErrorCode)[keyof typeof AttestErrorCode];

export class AttestError extends Error {
  readonly code: AttestErrorCode;
  constructor(code: AttestErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
