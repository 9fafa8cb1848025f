import { existsSync, rmSync } from 'node:fs';
import { DatabaseSync } from 'node:sqlite';
import type { EventStore } from '@shiplog/store';
import { ledgerMismatch } from './catchUp.ts';
import { ProjectionsError, ProjectionsErrorCode } from './errors.ts';
import { buildReadModels, sidecars } from './sqlite/buildReadModels.ts';
import { firstDifference } from './sqlite/firstDifference.ts';
import type { RowDifference } from './sqlite/firstDifference.ts';
import type { ModelDigest } from './sqlite/modelDigest.ts';
import { READ_MODELS } from './sqlite/modelDigest.ts';
import type { ModelDigests } from './sqlite/modelDigests.ts';
import { modelDigestsTable, scanModelDigests } from './sqlite/modelDigests.ts';
import { assertProjectionSchema } from './sqlite/projectionSchema.ts';
import { createReadModelChecks } from './sqlite/readModelProblems.ts';

export interface VerifyProjectionsOptions {
  readonly store: EventStore;
  /** The projections file to check (it is only read). */
  readonly path: string;
}

/** A read model's content: how many rows, and the digest of them. */
export interface ModelContent {
  readonly rows: number;
  readonly digest: string;
}

/** One read model's verdict. */
export interface ReadModelVerdict {
  /** The read model (its table): deployments, violations, … */
  readonly model: string;
  readonly ok: boolean;
  /** What it holds now. */
  readonly stored: ModelContent;
  /** What was recorded with the checkpoint. */
  readonly recorded: ModelContent;
  /** What a replay of the log up to the checkpoint gives (null when the log cannot be replayed there). */
  readonly replayed: ModelContent | null;
  /** The first row where it differs from the replay, in sorted order. */
  readonly firstDifference?: RowDifference;
}

/** What `shiplog verify --projections` reports. */
export interface ProjectionsVerification {
  readonly ok: boolean;
  /** The checkpoint the read models claim: position, events applied, the hash of the event there. */
  readonly checkpoint: { readonly position: number; readonly applied: number; readonly hash: string | null };
  /** Every problem found, each naming its read model (or the checkpoint). */
  readonly problems: readonly string[];
  readonly models: readonly ReadModelVerdict[];
}

let builds = 0;
const content = (digest: ModelDigest | undefined): ModelContent => ({
  rows: digest?.rows ?? 0,
  digest: digest?.hex() ?? '',
});
const same = (a: ModelContent, b: ModelContent): boolean => a.rows === b.rows && a.digest === b.digest;

/**
 * Proves the read models at `path` equal a replay of the log: (a) each read model's rows against
 * the digest recorded with the checkpoint, and (b) against read models rebuilt from position zero
 * up to the checkpoint in a temporary file (which catches an edit that rewrote the recorded
 * digest too); also the cheap checks every query makes. Reads a snapshot of the file, so the live
 * read models may keep catching up meanwhile.
 */
export async function verifyProjections(options: VerifyProjectionsOptions): Promise<ProjectionsVerification> {
  if (!existsSync(options.path))
    throw new ProjectionsError(
      ProjectionsErrorCode.NotFound,
      `no read models at ${options.path}: a read command or 'shiplog replay' builds them`,
    );
  const db = new DatabaseSync(options.path);
  const fresh = `${options.path}.verify-${process.pid}-${++builds}`;
  let replica: DatabaseSync | undefined;
  try {
    db.exec('PRAGMA busy_timeout = 10000');
    assertProjectionSchema(db);
    db.exec('BEGIN'); // one snapshot for every read below
    const checkpoint = db
      .prepare('SELECT position, applied, until_ms, hash FROM checkpoint WHERE id = 1')
      .get();
    if (checkpoint === undefined)
      throw new ProjectionsError(ProjectionsErrorCode.SchemaMismatch, `${options.path} has no checkpoint`);
    const position = checkpoint['position'] as number;
    const hash = (checkpoint['hash'] as string | null) ?? undefined;
    const untilMs = (checkpoint['until_ms'] as number | null) ?? undefined;
    const recorded = modelDigestsTable(db).read();
    const problems = createReadModelChecks(db)({ position, hash });
    const diverged = await ledgerMismatch(options.store, position, hash);
    if (diverged !== undefined) problems.push(diverged);
    const stored = scanModelDigests(db);

    let replayed: ModelDigests | undefined;
    if (diverged === undefined) {
      const built = await buildReadModels(options.store, fresh, {
        toPosition: position,
        ...(untilMs === undefined ? {} : { untilMs }),
      });
      if (built.position !== position)
        problems.push(
          `a replay of the log reaches position ${built.position}, not the checkpoint's ${position}`,
        );
      replica = new DatabaseSync(fresh);
      replayed = modelDigestsTable(replica).read();
    }
    const models = READ_MODELS.map((model): ReadModelVerdict => {
      const now = content(stored.get(model));
      const kept = content(recorded.get(model));
      const again = replayed === undefined ? null : content(replayed.get(model));
      if (!same(now, kept))
        problems.push(
          `read model ${model}: its ${now.rows} rows do not match the digest recorded with the checkpoint (${kept.rows} rows)`,
        );
      const differs = again !== null && !same(now, again);
      if (differs)
        problems.push(
          `read model ${model}: its ${now.rows} rows differ from a replay of the log (${again.rows} rows)`,
        );
      const difference = differs && replica !== undefined ? firstDifference(db, replica, model) : undefined;
      return {
        model,
        ok: same(now, kept) && !differs,
        stored: now,
        recorded: kept,
        replayed: again,
        ...(difference === undefined ? {} : { firstDifference: difference }),
      };
    });
    db.exec('COMMIT');
    return {
      ok: problems.length === 0,
      checkpoint: { position, applied: checkpoint['applied'] as number, hash: hash ?? null },
      problems,
      models,
    };
  } finally {
    if (replica?.isOpen === true) replica.close();
    if (db.isOpen) db.close();
    for (const file of sidecars(fresh)) rmSync(file, { force: true });
  }
}
