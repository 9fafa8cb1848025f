import type {
  PipelineStage,
  RolloutStrategy,
  VerificationMeasurements,
  WaivableCheck,
} from '@shiplog/events';
import type { ArtifactIdentity } from './artifactIdentity.ts';

/** When and by whom a fact was reported: enough to order stages and spot merged ones. */
export interface FactOrigin {
  readonly eventId: string;
  readonly timestamp: string;
  readonly source: string;
}

/** A deployment target: a service in an environment. */
export interface Target {
  readonly environment: string;
  readonly service: string;
}

/** A recorded event a gate decision names, pinned by its ledger record hash (`sha256:<hex>`). */
export interface EvidenceRef {
  readonly eventId: string;
  readonly hash: string;
}

/** What an evidence event proves about its artifact. */
export type EvidenceProof = 'sbom' | 'signature' | 'attestation' | 'download' | 'deletion';

/**
 * What one event means to the ledger, stage by stage (seed 001), with every field the recorder,
 * the read models, the gate and `why` read: nothing downstream reads an event's content.
 */
export type LedgerFact =
  | { readonly kind: 'change'; readonly changeId: string }
  | {
      readonly kind: 'build';
      readonly artifact: ArtifactIdentity;
      /** The purl the build named. */
      readonly artifactId: string;
      readonly changeId?: string;
      readonly sbomUri?: string;
    }
  | {
      readonly kind: 'verification';
      readonly artifact: ArtifactIdentity;
      readonly check: string;
      readonly passed: boolean;
      readonly outcome: 'pass' | 'fail' | 'error';
      readonly measurements: VerificationMeasurements;
    }
  | {
      readonly kind: 'release';
      readonly artifact: ArtifactIdentity;
      /** Where a promotion took it: `environment:<id>` or `channel:<id>`. */
      readonly to?: string;
      readonly registry?: string;
      /** A registry publication that found these bytes there already. */
      readonly alreadyPublished?: boolean;
      readonly sbomUri?: string;
    }
  | {
      readonly kind: 'approval';
      readonly artifact: ArtifactIdentity;
      readonly environment: string;
      readonly granted: boolean;
      readonly approver: string;
      readonly reason?: string;
    }
  | {
      readonly kind: 'deploy';
      readonly action: 'deployed' | 'upgraded' | 'rolledback';
      readonly target: Target;
      readonly artifact: ArtifactIdentity;
      readonly artifactId: string;
    }
  | { readonly kind: 'removed'; readonly target: Target }
  | {
      readonly kind: 'postDeployVerification';
      readonly target: Target;
      readonly artifact: ArtifactIdentity;
      readonly passed: boolean;
      readonly outcome: 'pass' | 'fail' | 'error';
      /** Each failed check with what was measured against its threshold (`error rate: 0.12 against 0.01`). */
      readonly failing: readonly string[];
    }
  | {
      readonly kind: 'rolloutStep';
      readonly target: Target;
      readonly artifact: ArtifactIdentity;
      readonly strategy: RolloutStrategy;
      readonly step: number;
      readonly weightPercent?: number;
      /** `started` when traffic shifted; `pass` or `fail` (an error fails) when its monitoring window ended. */
      readonly outcome: 'started' | 'pass' | 'fail';
      readonly failing: readonly string[];
    }
  | {
      /** Shiplog's own decision that a failed check or rollout window needs a rollback. */
      readonly kind: 'rollbackDecision';
      readonly target: Target;
      /** The failing bytes, and the last version that completed healthy there (none: no such version). */
      readonly artifact: ArtifactIdentity;
      readonly to?: ArtifactIdentity;
      /** Why, as the violation the failure was recorded with (`DEPLOY_CHECK_FAILED`) and what was measured. */
      readonly reason: { readonly code: string; readonly message: string };
      /** The id of the failed check or window's event, and by when the rollback is due (normal form). */
      readonly triggeredBy: string;
      readonly deadline: string;
    }
  | {
      readonly kind: 'completion';
      readonly target: Target;
      readonly artifact: ArtifactIdentity;
      readonly succeeded: boolean;
      readonly outcome: 'success' | 'failure';
      readonly reason?: string;
    }
  | {
      readonly kind: 'evidence';
      readonly artifact: ArtifactIdentity;
      readonly proof: EvidenceProof;
      readonly signature?: string;
      readonly sbom?: { readonly digest: string; readonly location: string };
      readonly bundleDigest?: string;
      readonly predicateType?: string;
      readonly signer?: string;
    }
  | {
      readonly kind: 'gate';
      readonly gateId: string;
      readonly artifact: ArtifactIdentity;
      readonly stage: PipelineStage;
      readonly environment: string;
      readonly service?: string;
      readonly decision: 'allow' | 'deny';
      readonly policy: { readonly id: string; readonly digest: string };
      readonly reasons: readonly string[];
      /** The evidence it rested on, and what it did not count: event ids with their record hashes. */
      readonly evidence: readonly EvidenceRef[];
      readonly ignored: readonly EvidenceRef[];
      /** The recorded exceptions that lifted a failing check (seed 004); none in older decisions. */
      readonly exceptions: readonly EvidenceRef[];
    }
  | {
      readonly kind: 'incident';
      readonly incidentId: string;
      readonly phase: 'detected' | 'reported' | 'resolved';
      readonly environment: string;
      readonly service?: string;
      readonly artifact?: ArtifactIdentity;
    }
  | {
      readonly kind: 'violation';
      readonly offendingEventId: string;
      readonly rule: string;
      readonly severity: 'low' | 'medium' | 'high' | 'critical';
      readonly message: string;
      /** The target it is about when the offending fact names several (a snapshot's service). */
      readonly target?: Target;
      /** The bytes it is about when not the offending fact's own (what a snapshot saw running). */
      readonly about?: ArtifactIdentity;
    }
  | {
      readonly kind: 'snapshot';
      readonly environment: string;
      /** Everything running there is listed: a recorded service missing from it is not running. */
      readonly complete: boolean;
      readonly observed: readonly { readonly service: string; readonly digest: string }[];
    }
  | {
      /** An approver lets these bytes pass one failing check until `expiresAt` (seed 004). */
      readonly kind: 'exception';
      readonly artifact: ArtifactIdentity;
      readonly check: WaivableCheck;
      /** Only in this environment; undefined: in every environment. */
      readonly environment?: string;
      readonly approver: string;
      readonly reason: string;
      readonly expiresAt: string;
    }
  | { readonly kind: 'other' };

/** The facts of one kind. */
export type FactOfKind<K extends LedgerFact['kind']> = Extract<LedgerFact, { kind: K }>;
