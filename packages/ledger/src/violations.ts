/** The rules of the seven-stage contract (seed 001) the ledger judges every fact against. */
export const ViolationCode = {
  ArtifactNotBuilt: 'ARTIFACT_NOT_BUILT',
  ArtifactNotVerified: 'ARTIFACT_NOT_VERIFIED',
  ArtifactNotReleased: 'ARTIFACT_NOT_RELEASED',
  ArtifactRebuilt: 'ARTIFACT_REBUILT',
  StageSkipped: 'STAGE_SKIPPED',
  StageReordered: 'STAGE_REORDERED',
  StageMerged: 'STAGE_MERGED',
  ApprovalMissing: 'APPROVAL_MISSING',
  /** A deployment target whose name looks like an approval environment's but is not it (`prоduction`). */
  EnvironmentLookalike: 'ENVIRONMENT_LOOKALIKE',
  /** A snapshot saw bytes running that no deployment recorded there (a manual change, seed 001 §15). */
  UnrecordedRuntimeChange: 'UNRECORDED_RUNTIME_CHANGE',
  /** A complete snapshot did not see a service whose deployment is recorded. */
  RecordedButNotRunning: 'RECORDED_BUT_NOT_RUNNING',
} as const;
export type ViolationCode = (typeof ViolationCode)[keyof typeof ViolationCode];

export type ViolationSeverity = 'low' | 'medium' | 'high' | 'critical';

/** One broken rule, as the ledger found it. */
export interface Violation {
  readonly code: ViolationCode;
  readonly severity: ViolationSeverity;
  readonly message: string;
  /**
   * The target the violation is about, when the fact names several (a snapshot of an environment):
   * then it gets its own violation event per target.
   */
  readonly target?: { readonly environment: string; readonly service: string };
  /** The artifact the violation is about, when not the fact's own. */
  readonly artifact?: { readonly digest?: string; readonly nameVersion?: string };
}

/** What policy the ledger judges by. */
export interface LedgerPolicy {
  /**
   * Environments where a deployment needs a recorded approval of the same bytes. Matched by
   * identity (NFKC case fold), and look-alike names (same skeleton) need one too and are flagged.
   */
  readonly approvalEnvironments: readonly string[];
}

export const defaultLedgerPolicy: LedgerPolicy = Object.freeze({
  approvalEnvironments: Object.freeze(['production']),
});
