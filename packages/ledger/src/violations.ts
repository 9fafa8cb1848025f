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
  /** A post-deploy check or a rollout's monitoring window failed: a rollback is decided with it. */
  DeployCheckFailed: 'DEPLOY_CHECK_FAILED',
  /** A deployment to a gated environment with no gate decision allowing these bytes there. */
  DeployWithoutGate: 'DEPLOY_WITHOUT_GATE',
  /** A deployment reported complete and successful while its latest post-deploy check had failed. */
  CompletedAfterFailure: 'COMPLETED_AFTER_FAILURE',
  /** The deployment that answered a rollback decision came after the decision's deadline. */
  RollbackPastDeadline: 'ROLLBACK_PAST_DEADLINE',
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
  /**
   * Environments where a deployment needs a gate decision allowing the same bytes. An environment
   * any gate decision was recorded for is gated from then on, named here or not.
   */
  readonly gatedEnvironments?: readonly string[];
  /** How long a decided rollback may take (seed 001: "within defined time bounds"); default 900 s. */
  readonly rollbackWithinSeconds?: number;
}

/** The time bound of a decided rollback when the policy names none: 15 minutes. */
export const DEFAULT_ROLLBACK_WITHIN_SECONDS = 900;

export const defaultLedgerPolicy: LedgerPolicy = Object.freeze({
  approvalEnvironments: Object.freeze(['production']),
});
