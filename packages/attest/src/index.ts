export { AttestError, AttestErrorCode } from './errors.ts';
export {
  IN_TOTO_PAYLOAD_TYPE,
  IN_TOTO_STATEMENT_V1,
  provenanceStatement,
  SLSA_PROVENANCE_V1,
} from './provenanceStatement.ts';
export type {
  InTotoStatement,
  ProvenanceInput,
  ResourceDescriptor,
  SlsaProvenanceV1,
  StatementSubject,
} from './provenanceStatement.ts';
export { localKeySigner, signerFor } from './signers.ts';
export type { SigningIdentity } from './signers.ts';
export { signStatement } from './signStatement.ts';
export type { SignedStatement } from './signStatement.ts';
export { verifyAttestation } from './verifyAttestation.ts';
export type { VerifiedAttestation, VerifyAttestationOptions } from './verifyAttestation.ts';
