export { EventsError, EventsErrorCode } from './errors.ts';
export type { Problem } from './errors.ts';
export { parseCDEvent } from './parseCDEvent.ts';
export type { CDEvent, ParseResult } from './parseCDEvent.ts';
export { eventTypes, isEventType, isKnownEventType } from './eventTypes.ts';
export type { CDEventOfType, EventTypeInfo, KnownCDEvent, KnownEventType } from './eventTypes.ts';
export { parseEventType } from './parseEventType.ts';
export type { EventTypeParts } from './parseEventType.ts';
export { closestKnownType } from './closestKnownType.ts';
export { eventMeaning } from './upcast/eventMeaning.ts';
export { upcastCDEvent } from './upcast/upcastCDEvent.ts';
export type { Upcast, UpcastKind } from './upcast/upcastCDEvent.ts';
export type { Rename } from './upcast/legacyContent.ts';
export { currentSpecVersions, legacySpecVersions } from './upcast/specVersions.ts';
export { readEventDocuments } from './readEventDocuments.ts';
export type { EventDocument, ReadLimits } from './readEventDocuments.ts';
export {
  CLOUDEVENTS_JSON,
  fromBinaryCloudEvent,
  fromStructuredCloudEvent,
  toBinaryCloudEvent,
  toStructuredCloudEvent,
} from './cloudEvents.ts';
export type { BinaryCloudEvent, StructuredCloudEvent } from './cloudEvents.ts';
export { isStructuredCloudEvent } from './isStructuredCloudEvent.ts';
export { decodeMessage } from './decodeMessage.ts';
export type { DecodedMessage } from './decodeMessage.ts';
export { cloudEventsSpecVersions } from './cloudEventAttributes.ts';
export { cdEventSchema, contextSchema, customData } from './cdEventSchema.ts';
export { embeddedLinkEnd, embeddedLinkPath, embeddedLinkRelation, embeddedLinks } from './links.ts';
export type { EmbeddedLink } from './links.ts';
export { isDateTime, isUri, isUriReference } from './jsonFormats.ts';
export { instantMs, normalizeInstant } from './instant.ts';
export { eventIdProblems, MAX_EVENT_ID_BYTES } from './eventIdLimit.ts';
export { inexactNumberProblems } from './inexactNumbers.ts';
export { oneEventObjectProblems } from './oneEventObject.ts';
export { standardEventSchemas } from './standard/standardEvents.ts';
export type { StandardCDEvent } from './standard/standardEvents.ts';
export { shiplogEventSchemas } from './custom/shiplogEvents.ts';
export type { ShiplogCDEvent, ShiplogContent, ShiplogEventType } from './custom/shiplogEvents.ts';
export { createCDEvent } from './createCDEvent.ts';
export type { CDEventInput } from './createCDEvent.ts';
export { createShiplogEvent } from './custom/createShiplogEvent.ts';
export type { ShiplogEventInput } from './custom/createShiplogEvent.ts';
export { customTypePattern, foreignCustomEvent } from './custom/shiplogEventSchema.ts';
export type { ForeignCustomEvent } from './custom/shiplogEventSchema.ts';
export {
  artifactRef,
  digestedArtifactRef,
  entityRef,
  purl,
  reason,
  sha256Digest,
} from './custom/references.ts';
export type { ArtifactRef, DigestedArtifactRef, EntityRef, Reason } from './custom/references.ts';
export {
  verificationFinishedContent,
  verificationFinishedEvent,
  verificationFinishedType,
  verificationKind,
  verificationMeasurements,
  verificationOutcome,
} from './custom/verificationFinished.ts';
export type {
  VerificationFinishedEvent,
  VerificationKind,
  VerificationMeasurements,
  VerificationOutcome,
} from './custom/verificationFinished.ts';
export {
  approvalContent,
  approvalGrantedEvent,
  approvalGrantedType,
  approvalRejectedEvent,
  approvalRejectedType,
} from './custom/approvalEvents.ts';
export type { ApprovalGrantedEvent, ApprovalRejectedEvent } from './custom/approvalEvents.ts';
export {
  gateDecidedContent,
  gateDecidedEvent,
  gateDecidedType,
  pipelineStage,
} from './custom/gateDecided.ts';
export type { GateDecidedEvent, PipelineStage } from './custom/gateDecided.ts';
export {
  artifactPromotedContent,
  artifactPromotedEvent,
  artifactPromotedType,
  promotionTarget,
} from './custom/artifactPromoted.ts';
export type { ArtifactPromotedEvent, PromotionTarget } from './custom/artifactPromoted.ts';
export {
  deploymentCheck,
  deploymentCompletedContent,
  deploymentCompletedEvent,
  deploymentCompletedType,
  deploymentVerifiedContent,
  deploymentVerifiedEvent,
  deploymentVerifiedType,
} from './custom/deploymentEvents.ts';
export type {
  DeploymentCheck,
  DeploymentCompletedEvent,
  DeploymentVerifiedEvent,
} from './custom/deploymentEvents.ts';
export {
  rollbackDecidedContent,
  rollbackDecidedEvent,
  rollbackDecidedType,
  rolloutStep,
  rolloutStepFinishedContent,
  rolloutStepFinishedEvent,
  rolloutStepFinishedType,
  rolloutStepStartedContent,
  rolloutStepStartedEvent,
  rolloutStepStartedType,
  rolloutStrategy,
} from './custom/rolloutEvents.ts';
export type {
  RollbackDecidedEvent,
  RolloutStep,
  RolloutStepFinishedEvent,
  RolloutStepStartedEvent,
  RolloutStrategy,
} from './custom/rolloutEvents.ts';
export { policyViolatedContent, policyViolatedEvent, policyViolatedType } from './custom/policyViolated.ts';
export type { PolicyViolatedEvent } from './custom/policyViolated.ts';
export { sbomGeneratedContent, sbomGeneratedEvent, sbomGeneratedType } from './custom/sbomGenerated.ts';
export type { SbomGeneratedEvent } from './custom/sbomGenerated.ts';
export {
  attestationRecordedContent,
  attestationRecordedEvent,
  attestationRecordedType,
  attestationSigner,
} from './custom/attestationRecorded.ts';
export type { AttestationRecordedEvent } from './custom/attestationRecorded.ts';
export {
  packageEcosystem,
  packagePublishedContent,
  packagePublishedEvent,
  packagePublishedType,
} from './custom/packagePublished.ts';
export type { PackageEcosystem, PackagePublishedEvent } from './custom/packagePublished.ts';
export {
  exceptionGrantedContent,
  exceptionGrantedEvent,
  exceptionGrantedType,
  waivableCheck,
} from './custom/exceptionGranted.ts';
export type { ExceptionGrantedEvent, WaivableCheck } from './custom/exceptionGranted.ts';
export { measurementKinds, requiredMeasurements } from './custom/kindMeasurements.ts';
export {
  environmentSnapshottedContent,
  environmentSnapshottedEvent,
  environmentSnapshottedType,
  runtimeObservation,
  snapshotReader,
} from './custom/environmentSnapshotted.ts';
export type {
  EnvironmentSnapshottedEvent,
  RuntimeObservation,
  SnapshotReader,
} from './custom/environmentSnapshotted.ts';
