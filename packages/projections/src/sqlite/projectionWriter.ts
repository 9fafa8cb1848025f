import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { RecordedEvent } from '@shiplog/store';
import type { ProjectionRow } from '../projectionRows.ts';
import { projectionRows } from '../projectionRows.ts';
import type { ModelDigest, ReadModelName, StoredRow } from './modelDigest.ts';
import { modelDigestsTable } from './modelDigests.ts';
import { createReadModelChecks } from './readModelProblems.ts';
import { prepareWriterStatements } from './writerStatements.ts';
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
 * read models' digests. Live, each row written is added to its read model's digest, and the
 * digests are recorded with the checkpoint.
 */
export function createProjectionWriter(db: DatabaseSync, options: { bulk?: boolean } = {}): ProjectionWriter {
  const live = options.bulk !== true;
  const s = prepareWriterStatements(db);
  const digestsTable = modelDigestsTable(db);
  const checks = createReadModelChecks(db);

  // The page's digests: read (inside its transaction) when it first writes, recorded with its checkpoint.
  let digests: ModelDigests | undefined;
  const digestOf = (model: ReadModelName): ModelDigest | undefined =>
    live ? (digests ??= digestsTable.read()).get(model) : undefined;
  /** Runs an insert; live, the row it stored (none for an ignored duplicate) joins the digest. */
  function write(model: ReadModelName, statement: StatementSync, ...values: SQLInputValue[]): void {
    if (statement.run(...values).changes > 0) digestOf(model)?.add(values);
  }
  /** Live: a build's change start from the change events already applied. */
  function artifactChange(key: string, changeId: string): void {
    const [created, merged] = s.changeStartOf.get(changeId) as unknown as [number | null, number | null];
    write('artifact_changes', s.artifactChange, key, changeId, created, merged);
  }
  /** Live: a change event moves the change start of the builds already applied, their digest following. */
  function changeStart(which: 'created' | 'merged', atMs: number, changeId: string): void {
    const before = (which === 'created' ? s.createdBefore : s.mergedBefore).all(atMs, changeId);
    if (before.length === 0) return;
    (which === 'created' ? s.changeCreated : s.changeMerged).run(atMs, changeId);
    const digest = digestOf('artifact_changes');
    for (const row of before as unknown as StoredRow[]) {
      const [key, change, createdMs, mergedMs] = row;
      digest?.add(row, -1);
      digest?.add(which === 'created' ? [key, change, atMs, mergedMs] : [key, change, createdMs, atMs]);
    }
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
          if (live) artifactChange(key, row.changeId);
          else write('artifact_changes', s.artifactChangeBare, key, row.changeId);
        return;
      case 'artifactName':
        write('artifact_names', s.artifactName, row.nameVersion, row.digest);
        return;
      case 'change':
        write('changes', s.change, row.changeId, row.eventId, row.position, row.type, row.source, row.atMs);
        if (!live) return;
        if (row.type.startsWith('dev.cdevents.change.created.'))
          changeStart('created', row.atMs, row.changeId);
        else if (row.type.startsWith('dev.cdevents.change.merged.'))
          changeStart('merged', row.atMs, row.changeId);
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
          row.source,
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
      case 'snapshot':
        write(
          'snapshots',
          s.snapshot,
          row.eventId,
          row.position,
          row.env,
          row.complete ? 1 : 0,
          row.atMs,
          row.recordedMs,
          row.source,
          row.producer,
        );
        for (const o of row.observed)
          write('observations', s.observation, row.position, row.env, o.service, o.digest);
        return;
      case 'supersession':
        // A correction names an event of its own source (catchUp checked it): that fact, not the id's others.
        write(
          'supersessions',
          s.supersession,
          row.supersededId,
          row.eventId,
          row.position,
          row.recordedMs,
          row.source,
        );
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
      digests = undefined;
      return checkpoint();
    },
    problems: () => checks(checkpoint()),
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
