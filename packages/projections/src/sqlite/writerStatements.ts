import type { DatabaseSync, StatementSync } from 'node:sqlite';

/**
 * The projection writer's statements, prepared once per connection. Each insert names the
 * columns in the table's own order: the values bound are the row as stored, and go into its
 * read model's digest as they are (no read-back).
 */
export function prepareWriterStatements(db: DatabaseSync) {
  const s = {
    read: db.prepare('SELECT position, applied, until_ms, hash FROM checkpoint WHERE id = 1'),
    save: db.prepare('UPDATE checkpoint SET position = ?, hash = ?, applied = applied + ? WHERE id = 1'),
    until: db.prepare('UPDATE checkpoint SET until_ms = ? WHERE id = 1'),
    deployment: db.prepare(
      'INSERT INTO deployments (event_id, position, env, service, action, artifact_id, artifact_key, at_ms, recorded_ms, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    artifactFact: db.prepare(
      'INSERT INTO artifact_facts (artifact_key, event_id, position, stage, type, source, at_ms, recorded_ms, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    target: db.prepare('INSERT OR IGNORE INTO targets (env, service) VALUES (?, ?)'),
    artifactName: db.prepare('INSERT OR IGNORE INTO artifact_names (name_version, digest) VALUES (?, ?)'),
    // A build's change start, from the change events already applied (usually all of them) …
    changeStartOf: db.prepare(
      `SELECT (SELECT min(at_ms) FROM changes WHERE change_id = ?1 AND type LIKE 'dev.cdevents.change.created.%') AS created,
              (SELECT min(at_ms) FROM changes WHERE change_id = ?1 AND type LIKE 'dev.cdevents.change.merged.%') AS merged`,
    ),
    artifactChange: db.prepare(
      'INSERT INTO artifact_changes (artifact_key, change_id, created_ms, merged_ms) VALUES (?, ?, ?, ?)',
    ),
    artifactChangeBare: db.prepare('INSERT INTO artifact_changes (artifact_key, change_id) VALUES (?, ?)'),
    // … and from change events that arrive after the build: the rows they move, then the move.
    createdBefore: db.prepare(
      'SELECT * FROM artifact_changes WHERE change_id = ?2 AND (created_ms IS NULL OR created_ms > ?1)',
    ),
    changeCreated: db.prepare(
      'UPDATE artifact_changes SET created_ms = ?1 WHERE change_id = ?2 AND (created_ms IS NULL OR created_ms > ?1)',
    ),
    mergedBefore: db.prepare(
      'SELECT * FROM artifact_changes WHERE change_id = ?2 AND (merged_ms IS NULL OR merged_ms > ?1)',
    ),
    changeMerged: db.prepare(
      'UPDATE artifact_changes SET merged_ms = ?1 WHERE change_id = ?2 AND (merged_ms IS NULL OR merged_ms > ?1)',
    ),
    change: db.prepare(
      'INSERT INTO changes (change_id, event_id, position, type, source, at_ms) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    incident: db.prepare(
      'INSERT INTO incidents (incident_id, event_id, position, phase, env, service, artifact_key, at_ms, recorded_ms, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    violation: db.prepare(
      'INSERT INTO violations (offending_event_id, event_id, position, rule, severity, at_ms) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    snapshot: db.prepare(
      'INSERT INTO snapshots (event_id, position, env, complete, at_ms, recorded_ms, source, producer) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    observation: db.prepare('INSERT INTO observations (position, env, service, digest) VALUES (?, ?, ?, ?)'),
    supersession: db.prepare(
      'INSERT INTO supersessions (superseded_id, event_id, position, recorded_ms, source) VALUES (?, ?, ?, ?, ?)',
    ),
  } satisfies Record<string, StatementSync>;
  s.changeStartOf.setReturnArrays(true);
  s.createdBefore.setReturnArrays(true);
  s.mergedBefore.setReturnArrays(true);
  return s;
}
