import { readFact, storedEvent } from '@shiplog/ledger';
import type { EventStore, RecordedEvent } from '@shiplog/store';
import { ProjectionsError, ProjectionsErrorCode } from './errors.ts';
import type { ProjectionWriter } from './sqlite/projectionWriter.ts';

/** Events per read-model transaction: large enough to amortise the commit, small enough to stay lean. */
export const PAGE_SIZE = 4096;

export interface CatchUpOptions {
  /** Apply nothing past this global position (verify rebuilds the read models to their checkpoint). */
  readonly toPosition?: number;
}

/**
 * Applies every event after the checkpoint, page by page, until the log is exhausted or an event
 * recorded after the replay's `until` is met. Each event's rows are written as it is read (so it
 * dies young and memory stays flat); each page and its checkpoint commit together. Returns how
 * many events were applied. Refuses read models that the cheap checks find edited
 * (`PROJECTIONS_INCONSISTENT`) or built from another ledger (`PROJECTIONS_AHEAD_OF_LEDGER`).
 */
export async function catchUp(
  store: EventStore,
  writer: ProjectionWriter,
  options: CatchUpOptions = {},
): Promise<number> {
  const toPosition = options.toPosition ?? Number.MAX_SAFE_INTEGER;
  let total = 0;
  for (;;) {
    const { position, untilMs, hash } = writer.begin();
    let applied = 0;
    let last = { position, hash };
    let stop = false;
    try {
      if (total === 0) {
        consistent(writer.problems());
        await sameLedger(store, position, hash);
      }
      for await (const record of store.readAll({ afterPosition: position, maxCount: PAGE_SIZE })) {
        if (
          record.position > toPosition ||
          (untilMs !== undefined && Date.parse(record.recordedAt) > untilMs)
        ) {
          stop = true;
          break;
        }
        // Only a claimed correction needs the look-up (and the await): most events make none.
        const honoursCorrection = mayCorrect(record) && (await correctsOwnEvent(store, record));
        writer.apply(record, honoursCorrection);
        applied += 1;
        last = record;
      }
      writer.commit(last, applied);
    } catch (err) {
      writer.rollback();
      throw err;
    }
    total += applied;
    if (stop || applied < PAGE_SIZE) return total;
  }
}

function consistent(problems: readonly string[]): void {
  if (problems.length === 0) return;
  throw new ProjectionsError(
    ProjectionsErrorCode.Inconsistent,
    `the read models do not match their checkpoint, so they were edited: ${problems.join('; ')}. Nothing is answered from them until a replay rebuilds them from the ledger (verifyProjections shows what differs)`,
  );
}

/**
 * Refuses read models built from another ledger than this one: a ledger restored from an older
 * backup (or replaced) under them would otherwise leave them answering with facts it no longer
 * holds, and skipping the events it records next at positions they think applied.
 */
async function sameLedger(store: EventStore, position: number, hash: string | undefined): Promise<void> {
  const problem = await ledgerMismatch(store, position, hash);
  if (problem !== undefined)
    throw new ProjectionsError(
      ProjectionsErrorCode.LedgerDiverged,
      `${problem}: run 'shiplog replay' to rebuild them`,
    );
}

/** Why the ledger does not hold the checkpoint's event at the checkpoint's position; undefined when it does. */
export async function ledgerMismatch(
  store: EventStore,
  position: number,
  hash: string | undefined,
): Promise<string | undefined> {
  if (position === 0 || hash === undefined) return undefined;
  let found: RecordedEvent | undefined;
  for await (const record of store.readAll({ afterPosition: position - 1, maxCount: 1 })) found = record;
  if (found?.position === position && found.hash === hash) return undefined;
  return `the read models were built up to position ${position} of a ledger that ${
    found?.position === position ? 'recorded another event there' : 'was longer'
  } than this one (restored from a backup, or replaced)`;
}

function sourceOf(record: RecordedEvent): string | undefined {
  return storedEvent(record)?.context.source;
}

/**
 * Whether a correction (`customData.supersedes`) may take effect: the event it names was recorded
 * before it, in the same stream, by the same source and the same producer (a source is only what
 * an event says; an emitter may not correct another's event, e.g. a trusted snapshot that saw
 * drift). Any other claim is a fact like any other.
 */
function mayCorrect(record: RecordedEvent): boolean {
  return record.data.includes('supersedes');
}

async function correctsOwnEvent(store: EventStore, record: RecordedEvent): Promise<boolean> {
  const target = readFact(record)?.supersedes;
  if (target === undefined) return false;
  // A correction names an event of its own source: look that fact up by (source, id).
  const earlier = await store.readEvent(target, record.source);
  return (
    earlier !== undefined &&
    earlier.position < record.position &&
    earlier.streamId === record.streamId &&
    earlier.producer === record.producer &&
    sourceOf(earlier) === sourceOf(record)
  );
}
