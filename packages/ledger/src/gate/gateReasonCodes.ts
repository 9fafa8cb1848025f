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
 * | `LINT_MISSING` / `LINT_FAILING` | no completed `lint` result / the latest did not pass or counts `lintErrors` |
 * | `TYPECHECK_MISSING` / `TYPECHECK_FAILING` | no completed `typecheck` result / the latest did not pass or counts `typeErrors` |
 * | `PERFORMANCE_MISSING` | no completed `benchmark` result with a p95 for these bytes |
 * | `PERFORMANCE_P95_OVER` | the latest p95 is over the policy's `maxP95Ms` (or the benchmark failed without one) |
 * | `PERFORMANCE_REGRESSED` | the latest p95 is more than `maxRegressionPercent` over the baseline p95 the result recorded |
 * | `ACCESSIBILITY_MISSING` | no completed `accessibility` result (or no Lighthouse score where the policy asks for one) |
 * | `WCAG_VIOLATIONS` | the latest accessibility result counts more WCAG violations than `maxWcagViolations` |
 * | `LIGHTHOUSE_BELOW_MIN` | the latest Lighthouse score is under `minLighthouseScore` |
 * | `CONTRACT_MISSING` / `CONTRACT_VIOLATED` | no completed `contract` result / the latest did not pass or counts `contractViolations` |
 * | `E2E_MISSING` / `E2E_FAILING` | no completed `e2e` result / the latest did not pass or counts failed tests |
 * | `EXCEPTION_EXPIRED` | beside a failed check: a recorded exception for it has expired (the message names it) |
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
  LintMissing: 'LINT_MISSING',
  LintFailing: 'LINT_FAILING',
  TypecheckMissing: 'TYPECHECK_MISSING',
  TypecheckFailing: 'TYPECHECK_FAILING',
  PerformanceMissing: 'PERFORMANCE_MISSING',
  PerformanceP95Over: 'PERFORMANCE_P95_OVER',
  PerformanceRegressed: 'PERFORMANCE_REGRESSED',
  AccessibilityMissing: 'ACCESSIBILITY_MISSING',
  WcagViolations: 'WCAG_VIOLATIONS',
  LighthouseBelowMin: 'LIGHTHOUSE_BELOW_MIN',
  ContractMissing: 'CONTRACT_MISSING',
  ContractViolated: 'CONTRACT_VIOLATED',
  E2eMissing: 'E2E_MISSING',
  E2eFailing: 'E2E_FAILING',
  ExceptionExpired: 'EXCEPTION_EXPIRED',
} as const;
export type GateReasonCode = (typeof GateReasonCode)[keyof typeof GateReasonCode];
