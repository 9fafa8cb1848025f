export { LedgerError, LedgerErrorCode } from './errors.ts';
export {
  artifactKey,
  artifactKeys,
  filingKeys,
  identityOfKey,
  isDigest,
  purlIdentity,
  refIdentity,
  releaseIds,
  sameArtifact,
} from './artifactIdentity.ts';
export type { ArtifactIdentity } from './artifactIdentity.ts';
export { artifactOf, factOf, originOf } from './ledgerFact.ts';
export type { EvidenceProof, EvidenceRef, FactOfKind, FactOrigin, LedgerFact, Target } from './ledgerFact.ts';
export { readFact, storedCustomData, storedEvent, supersededId } from './readFact.ts';
export type { RecordedFact } from './readFact.ts';
export { awaitFact } from './awaitFact.ts';
export type { AwaitFactOptions } from './awaitFact.ts';
export { emptyView, evidenceFor, evolveView, otherBuiltDigests, targetKey } from './ledgerView.ts';
export type { ArtifactRecord, DeploymentRecord, LedgerView, OpenRollback, Stamped } from './ledgerView.ts';
export { artifactStream, deploymentStream, streamFor } from './streamFor.ts';
export { judge } from './judge.ts';
export { decide, evolve, initialState, rollbackOf, violationFact, violationsOf } from './decider.ts';
export type { LedgerState, StampedFact } from './decider.ts';
export { rollbackDecision, rollbackDecisionEvent, rollbackTarget } from './rollbackDecision.ts';
export { runtimeDrift } from './runtimeDrift.ts';
export type { RuntimeComparison, RuntimeDrift } from './runtimeDrift.ts';
export { DEFAULT_ROLLBACK_WITHIN_SECONDS, defaultLedgerPolicy, ViolationCode } from './violations.ts';
export type { LedgerPolicy, Violation, ViolationSeverity } from './violations.ts';
export { derivedEventId, LEDGER_SOURCE, violationEvent } from './violationEvent.ts';
export { canonicalJson, contentDigest } from './canonicalJson.ts';
export { approvalEnvironmentOf, environmentIdentity, environmentSkeleton } from './environmentIdentity.ts';
export { apiProducer, ProducerIdentity, producerMatches, producerPattern } from './producerIdentity.ts';
export { defaultSnapshotProducers, snapshotProducers, trustsSnapshot } from './snapshotTrust.ts';
export { createRecorder } from './recorder.ts';
export type { Recorder, RecorderOptions, Submission } from './recorder.ts';
export { duplicateOf, refusedAsReused, sameContent } from './recordAnswer.ts';
export type { RecordAnswer } from './recordAnswer.ts';
export { encodeAnswer, parseAnswer } from './encodeAnswer.ts';
export type { ParsedAnswer, WireAnswer } from './encodeAnswer.ts';
export { evaluateGate } from './gate/evaluateGate.ts';
export { gatherGateEvidence, gateEvidenceOf } from './gate/gatherGateEvidence.ts';
export {
  defaultGatePolicy,
  effectiveEvidenceProducers,
  effectiveGateRules,
  gatePolicySchema,
  parseGatePolicy,
  policyDigest,
} from './gate/gatePolicy.ts';
export { GateReasonCode } from './gate/gateReasonCodes.ts';
export { seed004QualityChecks } from './gate/qualityPolicy.ts';
export { GateError, GateErrorCode } from './gate/gateErrors.ts';
export { gateArtifact } from './gate/gateArtifact.ts';
export { gateDecisionEvent } from './gate/gateDecisionEvent.ts';
export { recheckGate } from './gate/recheckGate.ts';
export { assessGate, decideGate } from './gate/decideGate.ts';
export { defaultEvidenceProducers, evidenceKinds, WORKER_SOURCE_PREFIX } from './gate/evidenceTrust.ts';
export type { EvidenceKind, EvidenceProducers } from './gate/evidenceTrust.ts';
export type {
  GateDecision,
  GateEvidence,
  GateException,
  GateReason,
  GateRequest,
  IgnoredEvidence,
} from './gate/gateTypes.ts';
export type { EffectiveGateRules, GateChecks, GateEnvironmentRules, GatePolicy } from './gate/gatePolicy.ts';
export type { GatePolicyProblem } from './gate/gateErrors.ts';
export type { GatherOptions } from './gate/gatherGateEvidence.ts';
export type { GateDecisionEventInput } from './gate/gateDecisionEvent.ts';
export type { GateRecheck } from './gate/recheckGate.ts';
export type { AssessGateOptions, DecideGateOptions, GateAssessment, GateOutcome } from './gate/decideGate.ts';
