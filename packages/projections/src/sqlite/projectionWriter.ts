import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { RecordedEvent } from '@shiplog/store';
import type { ProjectionRow } from '../projectionRows.ts';
import { projectionRows } from '../projectionRows.ts';

export interface Checkpoint {
  /** Last applied global position (0: none). */
  readonly position: number;
  /** Events applied since the read models were created: one per event, never two. */
  readonly applied: number;
  /** Replay `--until`: events recorded after this are not applied (undefined: follow the log). */
  readonly untilMs: number | undefined;
  /** The record hash of the event at `position`: tells this ledger from one restored or replaced under it. */
  readonly hash: string | undefined;
}

/**
 * Writes the read models. A page is one write transaction: `begin` takes the write lock and reads
 * the checkpoint inside it (so two projectors on one file never apply the same event twice),
 * `apply` inserts one event's rows, `commit` moves the checkpoint past the page in the same
 * transaction — a crash leaves the page applied with its checkpoint, or neither.
 */
export interface ProjectionWriter {
  checkpoint(): Checkpoint;
  begin(): Checkpoint;
  /** `honoursCorrection`: the record's `supersedes` names an event of its own stream and source. */
  apply(record: RecordedEvent, honoursCorrection?: boolean): void;
  commit(last: { readonly position: number; readonly hash: string | undefined }, applied: number): void;
  rollback(): void;
  setUntil(untilMs: number | undefined): void;
}

/**
 * With `bulk` (replay, before `finishBulkLoad`), the derived columns that need lookups — a build's
 * change start, the targets list — are left for one set-based pass at the end.
 */
export function createProjectionWriter(db: DatabaseSync, options: { bulk?: boolean } = {}): ProjectionWriter {
  const live = options.bulk !== true;
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
    artifactChange: db.prepare(
      `INSERT INTO artifact_changes (artifact_key, change_id, created_ms, merged_ms) VALUES (?1, ?2,
         (SELECT min(at_ms) FROM changes WHERE change_id = ?2 AND type LIKE 'dev.cdevents.change.created.%'),
         (SELECT min(at_ms) FROM changes WHERE change_id = ?2 AND type LIKE 'dev.cdevents.change.merged.%'))`,
    ),
    artifactChangeBare: db.prepare('INSERT INTO artifact_changes (artifact_key, change_id) VALUES (?, ?)'),
    // … and from change events that arrive after the build.
    changeCreated: db.prepare(
      'UPDATE artifact_changes SET created_ms = min(coalesce(created_ms, ?1), ?1) WHERE change_id = ?2',
    ),
    changeMerged: db.prepare(
      'UPDATE artifact_changes SET merged_ms = min(coalesce(merged_ms, ?1), ?1) WHERE change_id = ?2',
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
    supersession: db.prepare(
      'INSERT INTO supersessions (superseded_id, event_id, position, recorded_ms, source) VALUES (?, ?, ?, ?, ?)',
    ),
  } satisfies Record<string, StatementSync>;

  function insert(row: ProjectionRow): void {
    switch (row.kind) {
      case 'deployment':
        s.deployment.run(
          row.eventId,
          row.position,
          row.env,
          row.service,
          row.action,
          row.artifactId,
          row.artifactKey,
          row.atMs,
          row.recordedMs,
          row.source,
        );
        if (live) s.target.run(row.env, row.service);
        return;
      case 'artifactFact': {
        const detail = JSON.stringify(row.detail);
        for (const key of row.keys)
          s.artifactFact.run(
            key,
            row.eventId,
            row.position,
            row.stage,
            row.type,
            row.source,
            row.atMs,
            row.recordedMs,
            detail,
          );
        return;
      }
      case 'artifactChange':
        for (const key of row.keys) (live ? s.artifactChange : s.artifactChangeBare).run(key, row.changeId);
        return;
      case 'artifactName':
        s.artifactName.run(row.nameVersion, row.digest);
        return;
      case 'change':
        s.change.run(row.changeId, row.eventId, row.position, row.type, row.source, row.atMs);
        if (!live) return;
        if (row.type.startsWith('dev.cdevents.change.created.')) s.changeCreated.run(row.atMs, row.changeId);
        else if (row.type.startsWith('dev.cdevents.change.merged.'))
          s.changeMerged.run(row.atMs, row.changeId);
        return;
      case 'incident':
        s.incident.run(
          row.incidentId,
          row.eventId,
          row.position,
          row.phase,
          row.env,
          row.service,
          row.artifactKey,
          row.atMs,
          row.recordedMs,
          row.source,
        );
        return;
      case 'violation':
        s.violation.run(row.offendingEventId, row.eventId, row.position, row.rule, row.severity, row.atMs);
        return;
      case 'supersession':
        // A correction names an event of its own source (catchUp checked it): that fact, not the id's others.
        s.supersession.run(row.supersededId, row.eventId, row.position, row.recordedMs, row.source);
        return;
    }
  }

  function checkpoint(): Checkpoint {
    const row = s.read.get() as {
      position: number;
      applied: number;
      until_ms: number | null;
      hash: string | null;
    };
    return {
      position: row.position,
      applied: row.applied,
      untilMs: row.until_ms ?? undefined,
      hash: row.hash ?? undefined,
    };
  }

  return {
    checkpoint,
    begin() {
      db.exec('BEGIN IMMEDIATE');
      return checkpoint();
    },
    apply(record, honoursCorrection = false) {
      for (const row of projectionRows(record, honoursCorrection)) insert(row);
    },
    commit(last, applied) {
      if (applied > 0) s.save.run(last.position, last.hash ?? null, applied);
      db.exec('COMMIT');
    },
    rollback() {
      if (db.isTransaction) db.exec('ROLLBACK');
    },
    setUntil(untilMs) {
      s.until.run(untilMs ?? null);
    },
  };
}
