/**
 * Why a gate denies. The codes are stable: pipelines and auditors match on them, so a code is
 * never renamed or reused; a new rule gets a new code.
 *
 * | code | denies when |
 * |---|---|
 * | `ARTIFACT_NOT_BUILT` | no `artifact.packaged` / `build.finished` names these bytes |
 * | `TESTS_MISSING` | no `tests` verification of these bytes |
 * | `TESTS_FAILING` | the latest `tests` verification did not pass or counts failed tests |
 * | `COVERAGE_MISSING` | no coverage percentage was recorded for these bytes |
 * | `COVERAGE_BELOW_MIN` | the latest coverage is under the policy's minimum (or the coverage check failed) |
 * | `VULNERABILITY_SCAN_MISSING` | no vulnerability scan of these bytes completed |
 * | `VULNERABILITY_CRITICAL` | the latest scan found more critical vulnerabilities than allowed |
 * | `VULNERABILITY_HIGH` | the latest scan found more high vulnerabilities than allowed |
 * | `VULNERABILITY_FOUND` | the latest scan failed without severity counts |
 * | `SECRET_SCAN_MISSING` | no secret scan of these bytes completed |
 * | `SECRET_FOUND` | the latest secret scan failed or found secrets |
 * | `LICENCE_CHECK_MISSING` | no licence check of these bytes completed |
 * | `LICENCE_DENIED` | the latest licence check failed or named denied licences |
 * | `SBOM_MISSING` | no `sbom.generated` (nor `artifact.packaged` with `sbom.uri`) for these bytes |
 * | `SIGNATURE_MISSING` | no `artifact.signed` nor `attestation.recorded` for these bytes |
 * | `APPROVAL_MISSING` | fewer approvals for this environment than the policy asks |
 * | `APPROVAL_REJECTED` | an approver's latest word on these bytes for this environment is a rejection |
 * | `PRIOR_STAGE_MISSING` | these bytes were never deployed to a prior environment the policy names |
 * | `PRIOR_STAGE_UNVERIFIED` | deployed there, but no passing post-deploy verification of these bytes followed |
 * | `EVIDENCE_UNTRUSTED_PRODUCER` | beside a failed check: an event that would have counted for it was sent by a producer the policy's `evidenceProducers` does not allow to report that kind (the message names the event and the producer) |
 */
export const GateReasonCode = {
  ArtifactNotBuilt: 'ARTIFACT_NOT_BUILT',
  TestsMissing: 'TESTS_MISSING',
  TestsFailing: 'TESTS_FAILING',
  CoverageMissing: 'COVERAGE_MISSING',
  CoverageBelowMin: 'COVERAGE_BELOW_MIN',
  VulnerabilityScanMissing: 'VULNERABILITY_SCAN_MISSING',
  VulnerabilityCritical: 'VULNERABILITY_CRITICAL',
  VulnerabilityHigh: 'VULNERABILITY_HIGH',
  VulnerabilityFound: 'VULNERABILITY_FOUND',
  SecretScanMissing: 'SECRET_SCAN_MISSING',
  SecretFound: 'SECRET_FOUND',
  LicenceCheckMissing: 'LICENCE_CHECK_MISSING',
  LicenceDenied: 'LICENCE_DENIED',
  SbomMissing: 'SBOM_MISSING',
  SignatureMissing: 'SIGNATURE_MISSING',
  ApprovalMissing: 'APPROVAL_MISSING',
  ApprovalRejected: 'APPROVAL_REJECTED',
  PriorStageMissing: 'PRIOR_STAGE_MISSING',
  PriorStageUnverified: 'PRIOR_STAGE_UNVERIFIED',
  EvidenceUntrustedProducer: 'EVIDENCE_UNTRUSTED_PRODUCER',
} as const;
export type GateReasonCode = (typeof GateReasonCode)[keyof typeof GateReasonCode];
