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
}

export interface HistoryAnswer {
  readonly env: string;
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
}
