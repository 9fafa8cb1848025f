/**
 * The gate engine's contract: one policy evaluation for `shiplog gate` (audit) and the release
 * gate (artifact workers). Pure: the caller gathers the evidence (recorded events with their ledger
 * hashes), the engine decides. The decision is then recorded as a `gate.decided` event carrying
 * the policy's digest and the ids and hashes of the evidence used.
 */
import type { CDEvent, PipelineStage, WaivableCheck } from '@shiplog/events';
import type { ArtifactIdentity } from '../artifactIdentity.ts';
import type { EvidenceKind } from './evidenceTrust.ts';

/** One recorded event offered as evidence, with the ledger hash that pins it. */
export interface GateEvidence {
  readonly event: CDEvent;
  /** The ledger record hash (sha256 hex) of this event. */
  readonly hash: string;
  /** Global position, to order evidence (latest result of a check wins). */
  readonly position: number;
  /** Who sent it, as the transport recorded it (`producerIdentity.ts`): decides what it may prove. */
  readonly producer: string;
}

export interface GateRequest {
  /** What is asked: may these bytes enter this stage in this environment? */
  readonly artifact: ArtifactIdentity;
  readonly environment: string;
  readonly stage: PipelineStage;
  readonly service?: string;
  /** Every recorded event about the artifact (its artifact stream) and about prior stages. */
  readonly evidence: readonly GateEvidence[];
  /** The gate's clock, for recorded exceptions' expiry; without it no exception counts. */
  readonly now?: Date;
}

/** A reason a gate denies (or notes), with a stable code, e.g. `COVERAGE_BELOW_MIN`. */
export interface GateReason {
  readonly code: string;
  readonly message: string;
}

export interface GateDecision {
  readonly decision: 'allow' | 'deny';
  /** Every rule that failed (deny), or nothing (allow). */
  readonly reasons: readonly GateReason[];
  /** The evidence the decision rests on: event ids with their ledger hashes (`sha256:<hex>`). */
  readonly evidence: readonly { readonly eventId: string; readonly hash: string }[];
  /** Evidence about these bytes the gate did not count: its producer may not report these kinds. */
  readonly ignored: readonly IgnoredEvidence[];
  /** Recorded exceptions that lifted a failing check, each with what it lifted. */
  readonly exceptions: readonly GateException[];
  readonly policy: { readonly id: string; readonly digest: string };
}

/** A recorded exception a gate used: an approver let these bytes pass one failing check. */
export interface GateException {
  readonly eventId: string;
  /** Its ledger record hash (`sha256:<hex>`). */
  readonly hash: string;
  /** Who recorded it: the identity the policy trusts to grant exceptions. */
  readonly producer: string;
  readonly check: WaivableCheck;
  readonly approver: string;
  readonly reason: string;
  readonly expiresAt: string;
  /** The reasons the check would have denied with. */
  readonly waived: readonly GateReason[];
}

/** A recorded event a gate did not count as some kinds of evidence, because of who sent it. */
export interface IgnoredEvidence {
  readonly eventId: string;
  /** Its ledger record hash (`sha256:<hex>`). */
  readonly hash: string;
  readonly producer: string;
  /** What it claimed that its producer may not report. */
  readonly kinds: readonly EvidenceKind[];
}
