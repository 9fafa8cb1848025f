import { FORWARDS, NO_STREAM, WrongExpectedVersionError } from '@eventstore/db-client';
import type { AppendExpectedRevision } from '@eventstore/db-client';
import { StoreError, StoreErrorCode } from '../errors.ts';
import type { RecordedEvent } from '../eventStore.ts';
import { recordHash } from '../recordHash.ts';
import { translateEsdbError } from './esdbErrors.ts';
import { idIndexStream } from './eventUuid.ts';
import { readLedger, readRecordedById } from './ledgerReads.ts';
import type { LedgerContext } from './ledgerReads.ts';
import { linkEvent } from './ledgerRecord.ts';
import type { LedgerRecord, LinkTarget } from './ledgerRecord.ts';
import { mapInChunks } from './mapInChunks.ts';

// Larger claimed batches are not ours: no append of this adapter is that big (1 MiB append limit).
const MAX_BATCH = 100_000;

/**
 * Makes sure the ledger's last append has its links (user stream, id index) written. Whoever
 * commits an append first heals the one before it, so every append below the tail is always
 * complete: a writer that crashed between its ledger commit and its links is repaired by the next.
 */
export async function healLedgerTail(ctx: LedgerContext, tail: LedgerRecord | undefined): Promise<void> {
  if (tail === undefined) return;
  const tailRevision = tail.record.position - 1;
  if (tailRevision <= ctx.healedThrough) return;
  // A record someone else put on the ledger has no append to link; verifyChain reports it.
  if (tail.batchStart + tail.batchSize - 1 === tailRevision && tail.batchSize <= MAX_BATCH) {
    const batch =
      tail.batchSize === 1
        ? [tail]
        : await readLedger(ctx, {
            direction: FORWARDS,
            fromRevision: BigInt(tail.batchStart),
            maxCount: tail.batchSize,
          });
    const records = batch.map((entry) => entry.record);
    if (isOurAppend(ctx, records, tail.batchStart, tail.batchSize)) {
      await writeLinks(ctx, batch, await indexRevisionsOf(ctx, records));
    }
  }
  ctx.healedThrough = Math.max(ctx.healedThrough, tailRevision);
}

/**
 * Whether ledger records are one ledger append as this adapter writes it: contiguous positions,
 * each record's own hash intact, each user stream's records at consecutive revisions. Anything else
 * (someone wrote to the ledger directly) is linked nowhere.
 */
function isOurAppend(
  ctx: LedgerContext,
  records: readonly RecordedEvent[],
  batchStart: number,
  batchSize: number,
): boolean {
  if (records.length !== batchSize) return false;
  const heads = new Map<string, number>();
  return records.every((record, index) => {
    const stream = record.streamId;
    if (stream === '' || stream.startsWith('$') || stream.startsWith(`${ctx.namespace}.`)) return false;
    const previous = heads.get(stream);
    heads.set(stream, record.revision);
    return (
      record.revision >= 0 &&
      (previous === undefined || record.revision === previous + 1) &&
      record.position - 1 === batchStart + index &&
      recordHash(record.prevHash, record.streamPrevHash, record) === record.hash
    );
  });
}

/**
 * Links one committed ledger append into its streams (each at its exact revision) and the id
 * index (each fact at its `indexRevisions` entry, after the facts of other sources with that id).
 * Idempotent: exact revisions and ids derived from the records' keys make a repeated link a no-op.
 */
export async function writeLinks(
  ctx: LedgerContext,
  targets: readonly LinkTarget[],
  indexRevisions: readonly (number | undefined)[],
): Promise<void> {
  const byStream = new Map<string, LinkTarget[]>();
  for (const target of targets) {
    const streamTargets = byStream.get(target.record.streamId);
    if (streamTargets === undefined) byStream.set(target.record.streamId, [target]);
    else streamTargets.push(target);
  }
  const indexed = targets.flatMap((target, i) => {
    const revision = indexRevisions[i];
    return revision === undefined ? [] : [{ target, revision }];
  });
  await Promise.all([
    mapInChunks([...byStream.values()], (streamTargets) => linkStream(ctx, streamTargets)),
    // One id's facts go into its index in ledger order, one after the other.
    mapInChunks([...groupById(indexed).values()], async (entries) => {
      for (const { target, revision } of entries) {
        await guarded(target.record, () =>
          ctx.client.appendToStream(
            idIndexStream(ctx.namespace, target.record.id),
            linkEvent('index', target, ctx.ledgerStream),
            { expectedRevision: revision === 0 ? NO_STREAM : BigInt(revision - 1) },
          ),
        );
      }
    }),
  ]);
}

/**
 * Where each record of an append (read back from the ledger) goes in its id's index: undefined
 * when it is linked there already, else after what the index holds.
 */
async function indexRevisionsOf(
  ctx: LedgerContext,
  records: readonly RecordedEvent[],
): Promise<(number | undefined)[]> {
  const ids = [...new Set(records.map((record) => record.id))];
  const indexes = await mapInChunks(ids, (id) => readRecordedById(ctx, id));
  const linked = new Map(ids.map((id, i) => [id, indexes[i] ?? []]));
  const next = new Map(ids.map((id) => [id, linked.get(id)?.length ?? 0]));
  return records.map((record) => {
    if (linked.get(record.id)?.some((entry) => entry.position === record.position)) return undefined;
    const revision = next.get(record.id) ?? 0;
    next.set(record.id, revision + 1);
    return revision;
  });
}

function groupById<T extends { target: LinkTarget }>(entries: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const entry of entries) {
    const group = groups.get(entry.target.record.id);
    if (group === undefined) groups.set(entry.target.record.id, [entry]);
    else group.push(entry);
  }
  return groups;
}

async function linkStream(ctx: LedgerContext, targets: readonly LinkTarget[]): Promise<void> {
  const first = (targets[0] as LinkTarget).record;
  const links = targets.map((target) => linkEvent('link', target, ctx.ledgerStream));
  const expected: AppendExpectedRevision = first.revision === 0 ? NO_STREAM : BigInt(first.revision - 1);
  await guarded(first, () =>
    ctx.client.appendToStream(first.streamId, links, { expectedRevision: expected }),
  );
}

async function guarded(record: RecordedEvent, link: () => Promise<unknown>): Promise<void> {
  try {
    await link();
  } catch (error) {
    if (error instanceof WrongExpectedVersionError) {
      // Links only ever go where the ledger says; a clash means streams were written behind our back.
      const message = `${record.streamId} does not match the ledger at position ${record.position}`;
      throw new StoreError(StoreErrorCode.ChainBroken, message, { cause: error });
    }
    throw translateEsdbError(error, `linking ledger records into ${record.streamId}`);
  }
}
