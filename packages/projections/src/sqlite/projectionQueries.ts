import type { DatabaseSync, SQLOutputValue, StatementSync } from 'node:sqlite';
import type { DoraChange, DoraDeployment, DoraFailedCheck, DoraIncident } from '../doraMetrics.ts';
import type {
  ArtifactFactRow,
  ChangeRow,
  DeploymentRow,
  IncidentRow,
  SnapshotRow,
  ViolationRow,
} from '../readModelRows.ts';
import type { DeployAction } from '../answers.ts';

type Row = Record<string, SQLOutputValue>;
/** `fromSince` as arrays: service, action, artifact_key, at_ms, position. */
type DoraRow = [string, DeployAction, string | null, number, number];
/** `changesForWindow` as arrays: artifact_key, change_id, created_ms, merged_ms. */
type ChangeStartRow = [string, string, number | null, number | null];

// A row counts as known at K when recorded by K and no correction recorded by K superseded it.
// `known` must be a numbered parameter (?N): it is used twice. A fact is (source, id): a correction
// hides its own source's event with that id, never another source's.
// The superseded facts are one uncorrelated list per statement (corrections are few), not a probe per row.
const effective = (alias: string, known: string): string =>
  `${alias}.recorded_ms <= ${known} AND (${alias}.source, ${alias}.event_id) NOT IN (SELECT s.source, s.superseded_id FROM supersessions s WHERE s.recorded_ms <= ${known})`;

const deploymentColumns =
  'd.event_id, d.position, d.env, d.service, d.action, d.artifact_id, d.artifact_key, d.at_ms, d.source';

function deploymentOf(row: Row): DeploymentRow {
  return {
    eventId: row['event_id'] as string,
    position: row['position'] as number,
    env: row['env'] as string,
    service: row['service'] as string,
    action: row['action'] as DeployAction,
    artifactId: row['artifact_id'] as string | null,
    artifactKey: row['artifact_key'] as string | null,
    atMs: row['at_ms'] as number,
    source: row['source'] as string,
  };
}

function factOf(row: Row): ArtifactFactRow {
  return {
    eventId: row['event_id'] as string,
    position: row['position'] as number,
    stage: row['stage'] as string,
    type: row['type'] as string,
    source: row['source'] as string,
    atMs: row['at_ms'] as number,
    detail: JSON.parse(row['detail'] as string) as Record<string, unknown>,
  };
}

export type ProjectionQueries = ReturnType<typeof createProjectionQueries>;

/** Every read-model query, prepared once per connection. */
export function createProjectionQueries(db: DatabaseSync) {
  const q = {
    services: db.prepare('SELECT service FROM targets WHERE env = ? ORDER BY service'),
    latest: db.prepare(
      `SELECT ${deploymentColumns} FROM deployments d WHERE d.env = ?1 AND d.service = ?2 AND d.at_ms <= ?3 AND ${effective('d', '?4')} ORDER BY d.at_ms DESC, d.position DESC LIMIT 1`,
    ),
    factsForDeploy: db.prepare(
      "SELECT * FROM artifact_facts WHERE artifact_key = ? AND stage IN ('verification', 'approval', 'gate') AND at_ms <= ? AND recorded_ms <= ? ORDER BY at_ms, position",
    ),
    changesOf: db.prepare('SELECT DISTINCT change_id FROM artifact_changes WHERE artifact_key = ?'),
    violationsOf: db.prepare(
      'SELECT offending_event_id, event_id, rule, severity FROM violations WHERE offending_event_id = ? ORDER BY position',
    ),
    corrects: db.prepare(
      'SELECT superseded_id FROM supersessions WHERE event_id = ? AND recorded_ms <= ? ORDER BY position LIMIT 1',
    ),
    history: db.prepare(
      `SELECT ${deploymentColumns} FROM deployments d WHERE d.env = ?1 AND (?2 IS NULL OR d.service = ?2) AND d.at_ms >= ?3 AND d.at_ms <= ?4 AND ${effective('d', '?5')} ORDER BY d.at_ms, d.position`,
    ),
    // Only what DORA reads, all of it in the (env, at_ms, …) covering index.
    fromSince: db.prepare(
      `SELECT d.service, d.action, d.artifact_key, d.at_ms, d.position FROM deployments d WHERE d.env = ?1 AND d.at_ms >= ?2 AND (?4 IS NULL OR d.service = ?4) AND ${effective('d', '?3')}`,
    ),
    // The artifacts deployed to the environment in the window that were there before it.
    deployedBefore: db.prepare(
      `WITH w AS (SELECT DISTINCT artifact_key FROM deployments WHERE env = ?1 AND at_ms >= ?2 AND at_ms < ?3 AND (?5 IS NULL OR service = ?5) AND artifact_key IS NOT NULL)
       SELECT w.artifact_key FROM w WHERE EXISTS (SELECT 1 FROM deployments d INDEXED BY deployments_by_artifact WHERE d.artifact_key = w.artifact_key AND d.env = ?1 AND d.at_ms < ?2 AND d.action IN ('deployed', 'upgraded') AND ${effective('d', '?4')})`,
    ),
    changesForWindow: db.prepare(
      `WITH w AS (SELECT DISTINCT artifact_key FROM deployments WHERE env = ?1 AND at_ms >= ?2 AND at_ms < ?3 AND (?4 IS NULL OR service = ?4) AND artifact_key IS NOT NULL)
       SELECT ac.artifact_key, ac.change_id, ac.created_ms, ac.merged_ms
       FROM w JOIN artifact_changes ac ON ac.artifact_key = w.artifact_key`,
    ),
    incidents: db.prepare(
      `SELECT i.incident_id,
         min(CASE WHEN i.phase <> 'resolved' THEN i.at_ms END) AS detected_ms,
         max(CASE WHEN i.phase = 'resolved' THEN i.at_ms END) AS resolved_ms,
         max(i.service) AS service, max(i.artifact_key) AS artifact_key
       FROM incidents i WHERE i.incident_id IN (SELECT j.incident_id FROM incidents j WHERE j.env = ?1 AND j.at_ms >= ?2 AND j.phase <> 'resolved')
         AND ${effective('i', '?3')}
       GROUP BY i.incident_id ORDER BY i.incident_id`,
    ),
    factsByKey: db.prepare('SELECT * FROM artifact_facts WHERE artifact_key = ? ORDER BY at_ms, position'),
    deploymentsByKey: db.prepare(
      `SELECT ${deploymentColumns} FROM deployments d WHERE d.artifact_key = ?1 AND ${effective('d', '?2')} ORDER BY d.at_ms, d.position`,
    ),
    nextOnTarget: db.prepare(
      `SELECT ${deploymentColumns} FROM deployments d WHERE d.env = ?1 AND d.service = ?2 AND (d.at_ms > ?3 OR (d.at_ms = ?3 AND d.position > ?4)) AND ${effective('d', '?5')} ORDER BY d.at_ms, d.position LIMIT 1`,
    ),
    digestsOf: db.prepare('SELECT digest FROM artifact_names WHERE name_version = ? ORDER BY digest'),
    artifactsOfChange: db.prepare('SELECT DISTINCT artifact_key FROM artifact_changes WHERE change_id = ?'),
    changeEvents: db.prepare('SELECT * FROM changes WHERE change_id = ? ORDER BY at_ms, position'),
    incidentsByKey: db.prepare('SELECT * FROM incidents WHERE artifact_key = ? ORDER BY at_ms, position'),
    // What happened to a deployment after it: checks, rollout steps, completion, rollback decisions.
    afterDeploy: db.prepare(
      "SELECT * FROM artifact_facts WHERE artifact_key = ?1 AND stage IN ('postDeployVerification', 'rolloutStep', 'completion', 'rollbackDecision') AND at_ms >= ?2 AND at_ms <= ?3 AND recorded_ms <= ?4 AND json_extract(detail, '$.env') = ?5 AND json_extract(detail, '$.service') = ?6 ORDER BY at_ms, position",
    ),
    failedChecks: db.prepare(
      "SELECT json_extract(detail, '$.service') AS service, artifact_key, at_ms FROM artifact_facts WHERE stage IN ('postDeployVerification', 'rolloutStep') AND at_ms >= ?2 AND recorded_ms <= ?3 AND json_extract(detail, '$.env') = ?1 AND json_extract(detail, '$.outcome') IN ('fail', 'error') AND (?4 IS NULL OR json_extract(detail, '$.service') = ?4)",
    ),
    healthyCompletions: db.prepare(
      "SELECT artifact_key, event_id, at_ms FROM artifact_facts WHERE stage = 'completion' AND at_ms <= ?3 AND recorded_ms <= ?4 AND json_extract(detail, '$.env') = ?1 AND json_extract(detail, '$.service') = ?2 AND json_extract(detail, '$.outcome') = 'success' ORDER BY at_ms DESC, position DESC",
    ),
    ranBefore: db.prepare(
      `SELECT 1 FROM deployments d WHERE d.env = ?1 AND d.service = ?2 AND d.artifact_key = ?3 AND (d.at_ms < ?4 OR (d.at_ms = ?4 AND d.position < ?5)) AND ${effective('d', '?6')} LIMIT 1`,
    ),
    // The snapshots of an environment by then that looked at the service (?2 NULL: any), latest first.
    latestSnapshots: db.prepare(
      `SELECT s.event_id, s.position, s.at_ms, s.complete, s.producer FROM snapshots s WHERE s.env = ?1 AND s.at_ms <= ?3 AND ${effective('s', '?4')}
         AND (?2 IS NULL OR s.complete = 1 OR EXISTS (SELECT 1 FROM observations o WHERE o.position = s.position AND o.service = ?2))
       ORDER BY s.at_ms DESC, s.position DESC`,
    ),
    observations: db.prepare(
      'SELECT service, digest FROM observations WHERE position = ?1 AND (?2 IS NULL OR service = ?2) ORDER BY service, digest',
    ),
  } satisfies Record<string, StatementSync>;
  // DORA reads thousands of rows per call: arrays are cheaper to build than objects.
  q.fromSince.setReturnArrays(true);
  q.changesForWindow.setReturnArrays(true);
  q.deployedBefore.setReturnArrays(true);

  return {
    afterDeploy: (d: DeploymentRow, key: string, atMs: number, knownMs: number): ArtifactFactRow[] =>
      q.afterDeploy.all(key, d.atMs, atMs, knownMs, d.env, d.service).map(factOf),
    failedChecks: (
      env: string,
      service: string | null,
      sinceMs: number,
      knownMs: number,
    ): DoraFailedCheck[] =>
      q.failedChecks.all(env, sinceMs, knownMs, service).map((r) => ({
        service: r['service'] as string,
        artifactKey: r['artifact_key'] as string | null,
        atMs: r['at_ms'] as number,
      })),
    healthyCompletions: (env: string, service: string, atMs: number, knownMs: number) =>
      q.healthyCompletions.all(env, service, atMs, knownMs).map((r) => ({
        artifactKey: r['artifact_key'] as string,
        eventId: r['event_id'] as string,
        atMs: r['at_ms'] as number,
      })),
    /** Whether the bytes ran on the deployment's target before it. */
    ranBefore: (d: DeploymentRow, knownMs: number): boolean =>
      d.artifactKey !== null &&
      q.ranBefore.get(d.env, d.service, d.artifactKey, d.atMs, d.position, knownMs) !== undefined,
    services: (env: string): string[] => q.services.all(env).map((r) => r['service'] as string),
    latest(env: string, service: string, atMs: number, knownMs: number): DeploymentRow | undefined {
      const row = q.latest.get(env, service, atMs, knownMs);
      return row === undefined ? undefined : deploymentOf(row);
    },
    factsForDeploy: (key: string, atMs: number, knownMs: number): ArtifactFactRow[] =>
      q.factsForDeploy.all(key, atMs, knownMs).map(factOf),
    changesOf: (key: string): string[] => q.changesOf.all(key).map((r) => r['change_id'] as string),
    violationsOf: (eventId: string): ViolationRow[] =>
      q.violationsOf.all(eventId).map((r) => ({
        offendingEventId: r['offending_event_id'] as string,
        eventId: r['event_id'] as string,
        rule: r['rule'] as string,
        severity: r['severity'] as string,
      })),
    corrects: (eventId: string, knownMs: number): string | null =>
      (q.corrects.get(eventId, knownMs)?.['superseded_id'] as string | undefined) ?? null,
    history: (env: string, service: string | null, sinceMs: number, untilMs: number, knownMs: number) =>
      q.history.all(env, service, sinceMs, untilMs, knownMs).map(deploymentOf),
    fromSince: (env: string, service: string | null, sinceMs: number, knownMs: number): DoraDeployment[] =>
      (q.fromSince.all(env, sinceMs, knownMs, service) as unknown as DoraRow[]).map(
        ([service, action, artifactKey, atMs, position]) => ({
          service,
          action,
          artifactKey,
          atMs,
          position,
        }),
      ),
    deployedBefore: (
      env: string,
      service: string | null,
      sinceMs: number,
      untilMs: number,
      knownMs: number,
    ) =>
      new Set(
        (q.deployedBefore.all(env, sinceMs, untilMs, knownMs, service) as unknown as [string][]).map(
          ([key]) => key,
        ),
      ),
    changesForWindow(
      env: string,
      service: string | null,
      sinceMs: number,
      untilMs: number,
    ): Map<string, DoraChange[]> {
      const map = new Map<string, DoraChange[]>();
      const rows = q.changesForWindow.all(env, sinceMs, untilMs, service) as unknown as ChangeStartRow[];
      for (const [key, changeId, createdMs, mergedMs] of rows) {
        const change = { changeId, startMs: createdMs ?? mergedMs };
        const list = map.get(key);
        if (list === undefined) map.set(key, [change]);
        else list.push(change);
      }
      return map;
    },
    incidents: (env: string, sinceMs: number, knownMs: number): DoraIncident[] =>
      q.incidents
        .all(env, sinceMs, knownMs)
        .filter((r) => r['detected_ms'] !== null)
        .map((r) => ({
          incidentId: r['incident_id'] as string,
          service: r['service'] as string | null,
          artifactKey: r['artifact_key'] as string | null,
          detectedMs: r['detected_ms'] as number,
          resolvedMs: r['resolved_ms'] as number | null,
        })),
    factsByKey: (key: string): ArtifactFactRow[] => q.factsByKey.all(key).map(factOf),
    deploymentsByKey: (key: string, knownMs: number): DeploymentRow[] =>
      q.deploymentsByKey.all(key, knownMs).map(deploymentOf),
    nextOnTarget(d: DeploymentRow, knownMs: number): DeploymentRow | undefined {
      const row = q.nextOnTarget.get(d.env, d.service, d.atMs, d.position, knownMs);
      return row === undefined ? undefined : deploymentOf(row);
    },
    digestsOf: (nameVersion: string): string[] =>
      q.digestsOf.all(nameVersion).map((r) => r['digest'] as string),
    artifactsOfChange: (changeId: string): string[] =>
      q.artifactsOfChange.all(changeId).map((r) => r['artifact_key'] as string),
    changeEvents: (changeId: string): ChangeRow[] =>
      q.changeEvents.all(changeId).map((r) => ({
        changeId: r['change_id'] as string,
        eventId: r['event_id'] as string,
        position: r['position'] as number,
        type: r['type'] as string,
        source: r['source'] as string,
        atMs: r['at_ms'] as number,
      })),
    /** The latest snapshot by then that looked at the service and whose producer is `trusted`. */
    latestSnapshot(
      env: string,
      service: string | null,
      atMs: number,
      knownMs: number,
      trusted: (producer: string) => boolean,
    ): SnapshotRow | undefined {
      for (const row of q.latestSnapshots.iterate(env, service, atMs, knownMs)) {
        const producer = row['producer'] as string;
        if (!trusted(producer)) continue;
        return {
          eventId: row['event_id'] as string,
          position: row['position'] as number,
          atMs: row['at_ms'] as number,
          complete: row['complete'] === 1,
          producer,
        };
      }
      return undefined;
    },
    observations: (position: number, service: string | null): { service: string; digest: string }[] =>
      q.observations
        .all(position, service)
        .map((r) => ({ service: r['service'] as string, digest: r['digest'] as string })),
    incidentsByKey: (key: string): IncidentRow[] =>
      q.incidentsByKey.all(key).map((r) => ({
        incidentId: r['incident_id'] as string,
        eventId: r['event_id'] as string,
        position: r['position'] as number,
        phase: r['phase'] as string,
        env: r['env'] as string,
        service: r['service'] as string | null,
        artifactKey: r['artifact_key'] as string | null,
        atMs: r['at_ms'] as number,
      })),
  };
}
