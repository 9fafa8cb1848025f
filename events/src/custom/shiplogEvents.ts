import type { z } from 'zod';
import {
  approvalGrantedEvent,
  approvalGrantedType,
  approvalRejectedEvent,
  approvalRejectedType,
} from './approvalEvents.ts';
import type { ApprovalGrantedEvent, ApprovalRejectedEvent } from './approvalEvents.ts';
import { artifactPromotedEvent, artifactPromotedType } from './artifactPromoted.ts';
import type { ArtifactPromotedEvent } from './artifactPromoted.ts';
import { attestationRecordedEvent, attestationRecordedType } from './attestationRecorded.ts';
import type { AttestationRecordedEvent } from './attestationRecorded.ts';
import {
  deploymentCompletedEvent,
  deploymentCompletedType,
  deploymentVerifiedEvent,
  deploymentVerifiedType,
} from './deploymentEvents.ts';
import type { DeploymentCompletedEvent, DeploymentVerifiedEvent } from './deploymentEvents.ts';
import { exceptionGrantedEvent, exceptionGrantedType } from './exceptionGranted.ts';
import type { ExceptionGrantedEvent } from './exceptionGranted.ts';
import { environmentSnapshottedEvent, environmentSnapshottedType } from './environmentSnapshotted.ts';
import type { EnvironmentSnapshottedEvent } from './environmentSnapshotted.ts';
import { gateDecidedEvent, gateDecidedType } from './gateDecided.ts';
import type { GateDecidedEvent } from './gateDecided.ts';
import { packagePublishedEvent, packagePublishedType } from './packagePublished.ts';
import type { PackagePublishedEvent } from './packagePublished.ts';
import { policyViolatedEvent, policyViolatedType } from './policyViolated.ts';
import type { PolicyViolatedEvent } from './policyViolated.ts';
import {
  rollbackDecidedEvent,
  rollbackDecidedType,
  rolloutStepFinishedEvent,
  rolloutStepFinishedType,
  rolloutStepStartedEvent,
  rolloutStepStartedType,
} from './rolloutEvents.ts';
import type {
  RollbackDecidedEvent,
  RolloutStepFinishedEvent,
  RolloutStepStartedEvent,
} from './rolloutEvents.ts';
import { sbomGeneratedEvent, sbomGeneratedType } from './sbomGenerated.ts';
import type { SbomGeneratedEvent } from './sbomGenerated.ts';
import { verificationFinishedEvent, verificationFinishedType } from './verificationFinished.ts';
import type { VerificationFinishedEvent } from './verificationFinished.ts';

/** Every shiplog custom event type, keyed by its full type string. */
export const shiplogEventSchemas = {
  [verificationFinishedType]: verificationFinishedEvent,
  [approvalGrantedType]: approvalGrantedEvent,
  [approvalRejectedType]: approvalRejectedEvent,
  [gateDecidedType]: gateDecidedEvent,
  [artifactPromotedType]: artifactPromotedEvent,
  [deploymentVerifiedType]: deploymentVerifiedEvent,
  [deploymentCompletedType]: deploymentCompletedEvent,
  [policyViolatedType]: policyViolatedEvent,
  [sbomGeneratedType]: sbomGeneratedEvent,
  [attestationRecordedType]: attestationRecordedEvent,
  [packagePublishedType]: packagePublishedEvent,
  [exceptionGrantedType]: exceptionGrantedEvent,
  [rolloutStepStartedType]: rolloutStepStartedEvent,
  [rolloutStepFinishedType]: rolloutStepFinishedEvent,
  [rollbackDecidedType]: rollbackDecidedEvent,
  [environmentSnapshottedType]: environmentSnapshottedEvent,
} as const;

/** A shiplog custom event type string. */
export type ShiplogEventType = keyof typeof shiplogEventSchemas;

/** Any shiplog custom event; narrow it on `context.type`. */
export type ShiplogCDEvent =
  | VerificationFinishedEvent
  | ApprovalGrantedEvent
  | ApprovalRejectedEvent
  | GateDecidedEvent
  | ArtifactPromotedEvent
  | DeploymentVerifiedEvent
  | DeploymentCompletedEvent
  | PolicyViolatedEvent
  | SbomGeneratedEvent
  | AttestationRecordedEvent
  | PackagePublishedEvent
  | ExceptionGrantedEvent
  | RolloutStepStartedEvent
  | RolloutStepFinishedEvent
  | RollbackDecidedEvent
  | EnvironmentSnapshottedEvent;

/** The subject content of the shiplog event type `T`. */
export type ShiplogContent<T extends ShiplogEventType> = z.infer<
  (typeof shiplogEventSchemas)[T]
>['subject']['content'];
