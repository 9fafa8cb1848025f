import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { RecordedEvent } from '@shiplog/store';
import type { ProjectionRow } from '../projectionRows.ts';
import { projectionRows } from '../projectionRows.ts';
import type { ReadModelName, StoredRow } from './modelDigest.ts';
import { modelDigestsTable } from './modelDigests.ts';
import { createReadModelChecks } from './readModelProblems.ts';
import type { ModelDigests } from './modelDigests.ts';

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
  /** Inside a page: what the cheap checks find wrong with the read models against their checkpoint. */
  problems(): string[];
  /** `honoursCorrection`: the record's `supersedes` names an event of its own stream and source. */
  apply(record: RecordedEvent, honoursCorrection?: boolean): void;
  commit(last: { readonly position: number; readonly hash: string | undefined }, applied: number): void;
  rollback(): void;
  setUntil(untilMs: number | undefined): void;
}

/**
 * With `bulk` (replay, before `finishBulkLoad`), the derived columns that need lookups — a build's
 * change start, the targets list — are left for one set-based pass at the end, and so are the
 * read models' digests. Live, each row written is added to its read model's digest (`RETURNING`
 * hands back the row as stored), and the digests are recorded with the checkpoint.
 */
export function createProjectionWriter(db: DatabaseSync, options: { bulk?: boolean } = {}): ProjectionWriter {
  const live = options.bulk !== true;
  const returning = live ? ' RETURNING *' : '';
  const prepare = (sql: string): StatementSync => {
    const statement = db.prepare(`${sql}${returning}`);
    statement.setReturnArrays(true);
    return statement;
  };
  const s = {
    read: db.prepare('SELECT position, applied, until_ms, hash FROM checkpoint WHERE id = 1'),
    save: db.prepare('UPDATE checkpoint SET position = ?, hash = ?, applied = applied + ? WHERE id = 1'),
    until: db.prepare('UPDATE checkpoint SET until_ms = ? WHERE id = 1'),
    deployment: prepare(
      'INSERT INTO deployments (event_id, position, env, service, action, artifact_id, artifact_key, at_ms, recorded_ms, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    artifactFact: prepare(
      'INSERT INTO artifact_facts (artifact_key, event_id, position, stage, type, source, at_ms, recorded_ms, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    target: prepare('INSERT OR IGNORE INTO targets (env, service) VALUES (?, ?)'),
    artifactName: prepare('INSERT OR IGNORE INTO artifact_names (name_version, digest) VALUES (?, ?)'),
    // A build's change start, from the change events already applied (usually all of them) …
    artifactChange: prepare(
      `INSERT INTO artifact_changes (artifact_key, change_id, created_ms, merged_ms) VALUES (?1, ?2,
         (SELECT min(at_ms) FROM changes WHERE change_id = ?2 AND type LIKE 'dev.cdevents.change.created.%'),
         (SELECT min(at_ms) FROM changes WHERE change_id = ?2 AND type LIKE 'dev.cdevents.change.merged.%'))`,
    ),
    artifactChangeBare: prepare('INSERT INTO artifact_changes (artifact_key, change_id) VALUES (?, ?)'),
    // … and from change events that arrive after the build: the rows it moves, before and after.
    createdBefore: db.prepare(
      'SELECT * FROM artifact_changes WHERE change_id = ?2 AND (created_ms IS NULL OR created_ms > ?1)',
    ),
    changeCreated: prepare(
      'UPDATE artifact_changes SET created_ms = ?1 WHERE change_id = ?2 AND (created_ms IS NULL OR created_ms > ?1)',
    ),
    mergedBefore: db.prepare(
      'SELECT * FROM artifact_changes WHERE change_id = ?2 AND (merged_ms IS NULL OR merged_ms > ?1)',
    ),
    changeMerged: prepare(
      'UPDATE artifact_changes SET merged_ms = ?1 WHERE change_id = ?2 AND (merged_ms IS NULL OR merged_ms > ?1)',
    ),
    change: prepare(
      'INSERT INTO changes (change_id, event_id, position, type, source, at_ms) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    incident: prepare(
      'INSERT INTO incidents (incident_id, event_id, position, phase, env, service, artifact_key, at_ms, recorded_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    violation: prepare(
      'INSERT INTO violations (offending_event_id, event_id, position, rule, severity, at_ms) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    supersession: prepare(
      'INSERT INTO supersessions (superseded_id, event_id, position, recorded_ms) VALUES (?, ?, ?, ?)',
    ),
  } satisfies Record<string, StatementSync>;
  const digestsTable = modelDigestsTable(db);
  const checks = createReadModelChecks(db);
  s.createdBefore.setReturnArrays(true);
  s.mergedBefore.setReturnArrays(true);

  // The page's digests: read with the checkpoint in `begin`, recorded with it in `commit`.
  let digests: ModelDigests | undefined;
  /** Runs an insert; live, the row it stored (none for an ignored duplicate) joins the digest. */
  function write(model: ReadModelName, statement: StatementSync, ...values: SQLInputValue[]): void {
    const row = statement.get(...values) as StoredRow | undefined;
    if (row !== undefined) digests?.get(model)?.add(row);
  }
  /** Live: moves a change's start into the rows of its builds, their digest following. */
  function changeStart(before: StatementSync, update: StatementSync, atMs: number, changeId: string): void {
    const digest = digests?.get('artifact_changes');
    for (const row of before.all(atMs, changeId)) digest?.add(row as unknown as StoredRow, -1);
    for (const row of update.all(atMs, changeId)) digest?.add(row as unknown as StoredRow);
  }

  function insert(row: ProjectionRow): void {
    switch (row.kind) {
      case 'deployment':
        write(
          'deployments',
          s.deployment,
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
        if (live) write('targets', s.target, row.env, row.service);
        return;
      case 'artifactFact': {
        const detail = JSON.stringify(row.detail);
        for (const key of row.keys)
          write(
            'artifact_facts',
            s.artifactFact,
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
        for (const key of row.keys)
          write('artifact_changes', live ? s.artifactChange : s.artifactChangeBare, key, row.changeId);
        return;
      case 'artifactName':
        write('artifact_names', s.artifactName, row.nameVersion, row.digest);
        return;
      case 'change':
        write('changes', s.change, row.changeId, row.eventId, row.position, row.type, row.source, row.atMs);
        if (!live) return;
        if (row.type.startsWith('dev.cdevents.change.created.'))
          changeStart(s.createdBefore, s.changeCreated, row.atMs, row.changeId);
        else if (row.type.startsWith('dev.cdevents.change.merged.'))
          changeStart(s.mergedBefore, s.changeMerged, row.atMs, row.changeId);
        return;
      case 'incident':
        write(
          'incidents',
          s.incident,
          row.incidentId,
          row.eventId,
          row.position,
          row.phase,
          row.env,
          row.service,
          row.artifactKey,
          row.atMs,
          row.recordedMs,
        );
        return;
      case 'violation':
        write(
          'violations',
          s.violation,
          row.offendingEventId,
          row.eventId,
          row.position,
          row.rule,
          row.severity,
          row.atMs,
        );
        return;
      case 'supersession':
        write('supersessions', s.supersession, row.supersededId, row.eventId, row.position, row.recordedMs);
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
      digests = live ? digestsTable.read() : undefined;
      return checkpoint();
    },
    problems: () => checks(checkpoint(), digests ?? digestsTable.read()),
    apply(record, honoursCorrection = false) {
      for (const row of projectionRows(record, honoursCorrection)) insert(row);
    },
    commit(last, applied) {
      if (applied > 0) {
        s.save.run(last.position, last.hash ?? null, applied);
        if (digests !== undefined) digestsTable.save(digests);
      }
      digests = undefined;
      db.exec('COMMIT');
    },
    rollback() {
      digests = undefined;
      if (db.isTransaction) db.exec('ROLLBACK');
    },
    setUntil(untilMs) {
      s.until.run(untilMs ?? null);
    },
  };
}
