import type { DatabaseSync } from 'node:sqlite';
import { ProjectionsError, ProjectionsErrorCode } from '../errors.ts';
import { modelDigestsSchema } from './modelDigests.ts';

/**
 * Bumped when the read-model layout changes, or what goes into it (3: each read model's digest and
 * row count kept with the checkpoint; 4: event times read by `instantMs`, so events with `+05`, a
 * leap second or before 1970 are no longer left out; 5: a correction hides the fact of its own
 * source only, supersessions and incidents carry it; 6: rollout steps and rollback decisions filed
 * with their artifact, failed checks with their measurements, or environment snapshots and what
 * they observed — two layouts of one number; 7: both); a file of another version is rebuilt by
 * replay.
 */
export const PROJECTIONS_SCHEMA_VERSION = 7;
const APPLICATION_ID = 0x5350524a; // 'SPRJ': tells a projections file from any other SQLite file

const schema = `
CREATE TABLE IF NOT EXISTS checkpoint (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  position INTEGER NOT NULL,
  applied INTEGER NOT NULL,
  until_ms INTEGER,
  hash TEXT
);
INSERT OR IGNORE INTO checkpoint (id, position, applied, until_ms, hash) VALUES (1, 0, 0, NULL, NULL);
CREATE TABLE IF NOT EXISTS deployments (
  event_id TEXT NOT NULL, position INTEGER NOT NULL, env TEXT NOT NULL, service TEXT NOT NULL,
  action TEXT NOT NULL, artifact_id TEXT, artifact_key TEXT, at_ms INTEGER NOT NULL,
  recorded_ms INTEGER NOT NULL, source TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS targets (env TEXT NOT NULL, service TEXT NOT NULL, PRIMARY KEY (env, service));
CREATE TABLE IF NOT EXISTS artifact_facts (
  artifact_key TEXT NOT NULL, event_id TEXT NOT NULL, position INTEGER NOT NULL, stage TEXT NOT NULL,
  type TEXT NOT NULL, source TEXT NOT NULL, at_ms INTEGER NOT NULL, recorded_ms INTEGER NOT NULL,
  detail TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS artifact_changes (
  artifact_key TEXT NOT NULL, change_id TEXT NOT NULL, created_ms INTEGER, merged_ms INTEGER
);
CREATE TABLE IF NOT EXISTS artifact_names (
  name_version TEXT NOT NULL, digest TEXT NOT NULL, PRIMARY KEY (name_version, digest)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS changes (
  change_id TEXT NOT NULL, event_id TEXT NOT NULL, position INTEGER NOT NULL, type TEXT NOT NULL,
  source TEXT NOT NULL, at_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS incidents (
  incident_id TEXT NOT NULL, event_id TEXT NOT NULL, position INTEGER NOT NULL, phase TEXT NOT NULL,
  env TEXT NOT NULL, service TEXT, artifact_key TEXT, at_ms INTEGER NOT NULL, recorded_ms INTEGER NOT NULL,
  source TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS violations (
  offending_event_id TEXT NOT NULL, event_id TEXT NOT NULL, position INTEGER NOT NULL,
  rule TEXT NOT NULL, severity TEXT NOT NULL, at_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS snapshots (
  event_id TEXT NOT NULL, position INTEGER NOT NULL, env TEXT NOT NULL, complete INTEGER NOT NULL,
  at_ms INTEGER NOT NULL, recorded_ms INTEGER NOT NULL, source TEXT NOT NULL, producer TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS observations (
  position INTEGER NOT NULL, env TEXT NOT NULL, service TEXT NOT NULL, digest TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS supersessions (
  superseded_id TEXT NOT NULL, event_id TEXT NOT NULL, position INTEGER NOT NULL, recorded_ms INTEGER NOT NULL,
  source TEXT NOT NULL
);
`;

const indexes = `
CREATE INDEX IF NOT EXISTS deployments_by_target ON deployments (env, service, at_ms, position);
CREATE INDEX IF NOT EXISTS deployments_by_env_time ON deployments (env, at_ms, service, action, artifact_key, position, recorded_ms, event_id);
CREATE INDEX IF NOT EXISTS deployments_by_artifact ON deployments (artifact_key, env, at_ms);
CREATE INDEX IF NOT EXISTS artifact_facts_by_key ON artifact_facts (artifact_key, position);
CREATE INDEX IF NOT EXISTS artifact_facts_by_stage ON artifact_facts (stage, at_ms);
CREATE INDEX IF NOT EXISTS artifact_changes_by_key ON artifact_changes (artifact_key, change_id, created_ms, merged_ms);
CREATE INDEX IF NOT EXISTS artifact_changes_by_change ON artifact_changes (change_id);
CREATE INDEX IF NOT EXISTS changes_by_id ON changes (change_id, type, at_ms);
CREATE INDEX IF NOT EXISTS incidents_by_env ON incidents (env, at_ms);
CREATE INDEX IF NOT EXISTS incidents_by_id ON incidents (incident_id);
CREATE INDEX IF NOT EXISTS violations_by_offender ON violations (offending_event_id);
CREATE INDEX IF NOT EXISTS snapshots_by_env ON snapshots (env, at_ms, position);
CREATE INDEX IF NOT EXISTS observations_by_snapshot ON observations (position, service);
CREATE INDEX IF NOT EXISTS supersessions_by_superseded ON supersessions (superseded_id, recorded_ms);
`;

/** Refuses a file that is not shiplog projections of this version (an empty file passes). */
export function assertProjectionSchema(db: DatabaseSync): void {
  const appId = db.prepare('PRAGMA application_id').get()?.['application_id'];
  const version = db.prepare('PRAGMA user_version').get()?.['user_version'];
  const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get()?.['n'];
  if (tables !== 0 && (appId !== APPLICATION_ID || version !== PROJECTIONS_SCHEMA_VERSION)) {
    throw new ProjectionsError(
      ProjectionsErrorCode.SchemaMismatch,
      `not shiplog projections of schema ${PROJECTIONS_SCHEMA_VERSION} (application_id ${String(appId)}, version ${String(version)}): run 'shiplog replay' to rebuild`,
    );
  }
}

/** Creates the tables (idempotent) or refuses a file that is not shiplog projections of this version. */
export function ensureProjectionSchema(db: DatabaseSync, options: { indexes?: boolean } = {}): void {
  assertProjectionSchema(db);
  // IMMEDIATE: the write lock is taken (waiting out busy_timeout) before anything is read, so two
  // processes opening the file at once queue up instead of one failing with "database is locked".
  db.exec(
    `BEGIN IMMEDIATE; ${schema} ${modelDigestsSchema} ${options.indexes === false ? '' : indexes} PRAGMA application_id = ${APPLICATION_ID}; PRAGMA user_version = ${PROJECTIONS_SCHEMA_VERSION}; COMMIT;`,
  );
}

/**
 * Ends a bulk load (replay): builds the indexes (one sort per index beats a million B-tree
 * inserts), then fills in what the live writer keeps up event by event — the change start of each
 * build and the list of targets.
 */
export function finishBulkLoad(db: DatabaseSync): void {
  db.exec(indexes);
  db.exec(`BEGIN;
    UPDATE artifact_changes SET
      created_ms = (SELECT min(c.at_ms) FROM changes c WHERE c.change_id = artifact_changes.change_id AND c.type LIKE 'dev.cdevents.change.created.%'),
      merged_ms = (SELECT min(c.at_ms) FROM changes c WHERE c.change_id = artifact_changes.change_id AND c.type LIKE 'dev.cdevents.change.merged.%');
    INSERT OR IGNORE INTO targets (env, service) SELECT DISTINCT env, service FROM deployments;
    COMMIT;`);
}
