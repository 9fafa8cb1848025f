import type { DeployAction } from './answers.ts';

/** A deployments-table row as the queries read it. */
export interface DeploymentRow {
  readonly eventId: string;
  readonly position: number;
  readonly env: string;
  readonly service: string;
  readonly action: DeployAction;
  readonly artifactId: string | null;
  readonly artifactKey: string | null;
  readonly atMs: number;
  readonly source: string;
}

/** An artifact_facts row (detail parsed). */
export interface ArtifactFactRow {
  readonly eventId: string;
  readonly position: number;
  readonly stage: string;
  readonly type: string;
  readonly source: string;
  readonly atMs: number;
  readonly detail: Readonly<Record<string, unknown>>;
}

export interface ChangeRow {
  readonly changeId: string;
  readonly eventId: string;
  readonly position: number;
  readonly type: string;
  readonly source: string;
  readonly atMs: number;
}

export interface IncidentRow {
  readonly incidentId: string;
  readonly eventId: string;
  readonly position: number;
  readonly phase: string;
  readonly env: string;
  readonly service: string | null;
  readonly artifactKey: string | null;
  readonly atMs: number;
}

/** A snapshots row: when an environment was looked at, and whether everything running was listed. */
export interface SnapshotRow {
  readonly eventId: string;
  readonly position: number;
  readonly atMs: number;
  readonly complete: boolean;
  readonly producer: string;
}

export interface ViolationRow {
  readonly offendingEventId: string;
  readonly eventId: string;
  readonly rule: string;
  readonly severity: string;
}
