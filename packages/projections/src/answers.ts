import type { DoraPerformance } from './doraTier.ts';
import type { DoraWeek } from './doraTrend.ts';

/** The documents the read commands print with `--json` (and the HTTP API serves): a stable contract. */

export type DeployAction = 'deployed' | 'upgraded' | 'rolledback' | 'removed';

/** Why this artifact runs there: the evidence the ledger holds for it, in brief. */
export interface DeploymentWhy {
  readonly action: DeployAction;
  readonly source: string;
  readonly artifact: { readonly digest: string | null; readonly nameVersion: string | null };
  readonly changes: readonly string[];
  readonly verifications: { readonly passed: number; readonly failed: number };
  readonly approvals: readonly {
    readonly approver: string;
    readonly granted: boolean;
    readonly eventId: string;
  }[];
  readonly gates: readonly { readonly decision: string; readonly stage: string; readonly eventId: string }[];
  readonly violations: readonly {
    readonly rule: string;
    readonly severity: string;
    readonly eventId: string;
  }[];
  /** The deployment event that this one's report corrected (`customData.supersedes`), if any. */
  readonly corrects: string | null;
}

/** A rollback shiplog decided for the running bytes, and whether its deadline has passed. */
export interface DecidedRollback {
  /** The version to go back to (the last that completed healthy there), or null when none did. */
  readonly to: string | null;
  readonly reason: string;
  readonly deadline: string;
  /** The deadline passed at the query's instant and the bytes still run. */
  readonly overdue: boolean;
  readonly eventId: string;
}

/** What the checks after a deployment say about it (seed 001 stage 6, seed 004 rollouts). */
export interface DeploymentHealth {
  /** By the latest post-deploy check or rollout window of these bytes there; a failed completion is unhealthy. */
  readonly status: 'healthy' | 'unhealthy' | 'unverified';
  /** The failed checks of the latest result, with their measurements. */
  readonly failing: readonly string[];
  readonly checkedAt: string | null;
  /** The latest rollout step, when the deployment rolls out in steps. */
  readonly rollout: {
    readonly strategy: string;
    readonly step: number;
    readonly weightPercent: number | null;
    readonly outcome: string;
  } | null;
  readonly completed: 'success' | 'failure' | null;
  readonly rollback: DecidedRollback | null;
}

/** How what runs differs from what the ledger recorded. */
export type RuntimeDriftCode = 'UNRECORDED_RUNTIME_CHANGE' | 'RECORDED_BUT_NOT_RUNNING';

/** What the latest environment snapshot saw of one service, against what was recorded then. */
export interface ObservedRuntime {
  /** The snapshot (`environment.snapshotted` event) and when it was taken. */
  readonly snapshotEventId: string;
  readonly at: string;
  /** Who recorded the snapshot (`local`, `api:<token>`, `nats:<user>`): a snapshot is only as good as its reporter. */
  readonly producer: string;
  /** The digests seen running for the service; empty when the (complete) snapshot did not see it. */
  readonly digests: readonly string[];
  /** How that differs from the deployment recorded at the snapshot's time; null when they agree. */
  readonly drift: RuntimeDriftCode | null;
}

export interface DeployedService {
  readonly service: string;
  readonly artifactId: string;
  readonly since: string;
  readonly eventId: string;
  readonly why: DeploymentWhy;
  readonly health: DeploymentHealth;
  /** What really ran, per the latest snapshot that looked at this service; null when none did. */
  readonly observed: ObservedRuntime | null;
}

export interface DeployedAnswer {
  readonly env: string;
  readonly at: string;
  readonly knownAt: string | null;
  readonly services: readonly DeployedService[];
  /** Services the latest snapshot saw running that no deployment recorded (always drift). */
  readonly unrecorded: readonly (ObservedRuntime & { readonly service: string })[];
}

export interface HistoryEntry {
  readonly service: string;
  readonly action: DeployAction;
  /** What runs after this entry; null for a removal. */
  readonly artifactId: string | null;
  readonly at: string;
  readonly eventId: string;
  /** A rollback: reported as one, or a deployment of bytes that ran there before (a redeploy of the old version). */
  readonly rollback: boolean;
}

export interface HistoryAnswer {
  readonly env: string;
  /** Present when the question was asked `--known-at`. */
  readonly knownAt?: string;
  readonly entries: readonly HistoryEntry[];
}

/** One step of an artifact's chain. */
export interface ChainStep {
  readonly stage: string;
  readonly type: string;
  readonly eventId: string;
  readonly at: string;
  readonly source: string;
  /** Who sent it: the identity the ledger recorded (`local`, `api:<token>`, `nats:<user>`, `shiplog-workers`…). */
  readonly producer: string;
  readonly detail: Readonly<Record<string, unknown>>;
  readonly violations: readonly {
    readonly rule: string;
    readonly severity: string;
    readonly eventId: string;
  }[];
}

export interface DeploymentOutcome {
  readonly env: string;
  readonly service: string;
  readonly action: DeployAction;
  readonly at: string;
  readonly eventId: string;
  /** What ended it: a rollback, another deployment, a removal — or still running. */
  readonly outcome: 'running' | 'rolledback' | 'replaced' | 'removed';
  readonly endedBy: string | null;
}

export interface ArtifactChain {
  readonly artifact: { readonly digest: string | null; readonly nameVersion: string | null };
  readonly changes: readonly string[];
  readonly steps: readonly ChainStep[];
  readonly deployments: readonly DeploymentOutcome[];
  readonly gates: readonly ChainStep[];
  readonly approvals: readonly ChainStep[];
  readonly signatures: readonly ChainStep[];
  readonly sboms: readonly ChainStep[];
  readonly violations: readonly {
    readonly rule: string;
    readonly severity: string;
    readonly eventId: string;
    readonly offendingEventId: string;
  }[];
}

/** The recorded event a `why` query named by its id. */
export interface WhyEvent {
  readonly eventId: string;
  readonly type: string;
  /** Who sent it: the identity recorded with it (`local`, `nats:<user>`, `api:<token>`, …). */
  readonly producer: string;
  readonly streamId: string;
  readonly position: number;
  /** When it happened (its timestamp, normalised), or null when the stored text cannot be read. */
  readonly at: string | null;
  readonly recordedAt: string;
}

export interface WhyAnswer {
  readonly query: string;
  /** What the query named: an event id, a change id, a digest or a purl. */
  readonly matched: 'event' | 'change' | 'digest' | 'purl';
  /** The event itself, when the query named one: every recorded event is found, artifact or not. */
  readonly event?: WhyEvent;
  /**
   * When the query is an event id that more than one source used (ids are unique per source):
   * every such source, in log order. The artifacts are then those of all their facts.
   */
  readonly sources?: readonly string[];
  /** The chains of the artifacts involved; none for an event that names no artifact. */
  readonly artifacts: readonly ArtifactChain[];
}

export interface DoraAnswer {
  readonly env: string;
  readonly service: string | null;
  readonly since: string;
  readonly until: string;
  readonly deploymentFrequency: { readonly count: number; readonly perDay: number };
  readonly leadTimeForChanges: { readonly medianSeconds: number | null; readonly changes: number };
  readonly changeFailureRate: {
    readonly failed: number;
    readonly deployments: number;
    readonly ratio: number | null;
  };
  readonly timeToRestoreService: { readonly medianSeconds: number | null; readonly incidents: number };
  readonly failedDeploymentRecoveryTime: { readonly medianSeconds: number | null; readonly failures: number };
  readonly knownAt: string | null;
  readonly performance: DoraPerformance;
  /** Week by week (ISO weeks, UTC), when asked for. */
  readonly weekly?: readonly DoraWeek[];
}

/** The last version that completed healthy on a target: where a rollback goes. */
export interface RollbackTargetAnswer {
  readonly env: string;
  readonly service: string;
  readonly at: string;
  readonly knownAt: string | null;
  /** What runs there at `at`; null when nothing does. */
  readonly running: { readonly artifactId: string; readonly eventId: string } | null;
  /** The last version other than the running one whose deployment completed with success there. */
  readonly target: {
    readonly artifactId: string;
    readonly artifact: { readonly digest: string | null; readonly nameVersion: string | null };
    readonly completedAt: string;
    readonly completionEventId: string;
  } | null;
  /** The open rollback decision for the running bytes, if shiplog made one. */
  readonly decided: DecidedRollback | null;
}

export interface RollbackTargetQuery {
  readonly env: string;
  readonly service: string;
  readonly at?: string;
  readonly knownAt?: string;
}

export interface DeployedQuery {
  readonly env: string;
  readonly service?: string;
  /** RFC 3339; default now. When things happened (CDEvent timestamps). */
  readonly at?: string;
  /** RFC 3339; answer with only what the ledger had recorded by then (recordedAt). */
  readonly knownAt?: string;
}

export interface HistoryQuery {
  readonly env: string;
  readonly service?: string;
  readonly since?: string;
  readonly until?: string;
  /** RFC 3339; answer with only what the ledger had recorded by then. */
  readonly knownAt?: string;
}

export interface DoraQuery {
  /** Default `production`. */
  readonly env?: string;
  readonly service?: string;
  /** Default: `until` minus 30 days. */
  readonly since?: string;
  /** Default: `now`. */
  readonly until?: string;
  /** The present, for the defaults (default: the system clock). */
  readonly now?: string;
  /** RFC 3339; answer with only what the ledger had recorded by then. */
  readonly knownAt?: string;
  /** Add the figures week by week. */
  readonly weekly?: boolean;
}
