import { FORWARDS, NO_STREAM, WrongExpectedVersionError } from '@eventstore/db-client';
import type { AppendExpectedRevision } from '@eventstore/db-client';
import { StoreError, StoreErrorCode } from '../errors.ts';
import type { RecordedEvent } from '../eventStore.ts';
import { recordHash } from '../recordHash.ts';
import { translateEsdbError } from './esdbErrors.ts';
import { idIndexStream } from './eventUuid.ts';
import { readLedger } from './ledgerReads.ts';
import type { LedgerContext } from './ledgerReads.ts';
import { linkEvent } from './ledgerRecord.ts';
import type { LedgerRecord } from './ledgerRecord.ts';
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
    if (isOurAppend(ctx, records, tail.batchStart, tail.batchSize)) await writeLinks(ctx, records);
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
 * index. Idempotent: exact revisions and ids derived from ours make a repeated link a no-op.
 */
export async function writeLinks(ctx: LedgerContext, records: readonly RecordedEvent[]): Promise<void> {
  const byStream = new Map<string, RecordedEvent[]>();
  for (const record of records) {
    const streamRecords = byStream.get(record.streamId);
    if (streamRecords === undefined) byStream.set(record.streamId, [record]);
    else streamRecords.push(record);
  }
  await Promise.all([
    mapInChunks([...byStream.values()], (streamRecords) => linkStream(ctx, streamRecords)),
    mapInChunks(records, (record) =>
      guarded(record, () =>
        ctx.client.appendToStream(
          idIndexStream(ctx.namespace, record.id),
          linkEvent('index', record.id, ctx.ledgerStream, record.position - 1),
          { expectedRevision: NO_STREAM },
        ),
      ),
    ),
  ]);
}

async function linkStream(ctx: LedgerContext, records: readonly RecordedEvent[]): Promise<void> {
  const first = records[0] as RecordedEvent;
  const links = records.map((record) => linkEvent('link', record.id, ctx.ledgerStream, record.position - 1));
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
