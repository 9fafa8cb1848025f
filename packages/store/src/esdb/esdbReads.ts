import { BACKWARDS, FORWARDS } from '@eventstore/db-client';
import { StoreError, StoreErrorCode } from '../errors.ts';
import type { ReadAllOptions, ReadStreamOptions, RecordedEvent } from '../eventStore.ts';
import { healLedgerTail } from './ledgerLinks.ts';
import { readLedger, readLedgerTail, readLinked } from './ledgerReads.ts';
import type { LedgerContext } from './ledgerReads.ts';

/**
 * A stream's records, in pages, through its links into the ledger. Heals the ledger tail first,
 * so an append whose writer died before linking it is visible here too.
 */
export async function* readStreamRecords(
  ctx: LedgerContext,
  streamId: string,
  options: ReadStreamOptions,
  pageSize: number,
): AsyncGenerator<RecordedEvent> {
  await healLedgerTail(ctx, await readLedgerTail(ctx));
  const forwards = (options.direction ?? 'forwards') === 'forwards';
  let left = options.maxCount ?? Number.POSITIVE_INFINITY;
  let from: bigint | 'start' | 'end' =
    options.fromRevision === undefined ? (forwards ? 'start' : 'end') : BigInt(options.fromRevision);
  for (;;) {
    // One event even when none is wanted, so a missing stream is still reported as missing.
    const maxCount = Math.max(1, Math.min(pageSize, left));
    const page = await readLinked(ctx, streamId, {
      direction: forwards ? FORWARDS : BACKWARDS,
      fromRevision: from,
      maxCount,
    });
    if (page === undefined)
      throw new StoreError(StoreErrorCode.StreamNotFound, `stream ${streamId} not found`);
    for (const record of page) {
      if (left <= 0) return;
      yield record;
      left -= 1;
    }
    const last = page.at(-1);
    if (last === undefined || page.length < maxCount || left <= 0) return;
    if (!forwards && last.revision === 0) return;
    from = BigInt(forwards ? last.revision + 1 : last.revision - 1);
  }
}

/** The global log: the ledger stream, in pages, after a position (position = ledger revision + 1). */
export async function* readAllRecords(
  ctx: LedgerContext,
  options: ReadAllOptions,
  pageSize: number,
): AsyncGenerator<RecordedEvent> {
  let left = options.maxCount ?? Number.POSITIVE_INFINITY;
  let fromRevision = options.afterPosition ?? 0;
  while (left > 0) {
    const maxCount = Math.min(pageSize, left);
    const page = (
      await readLedger(ctx, { direction: FORWARDS, fromRevision: BigInt(fromRevision), maxCount })
    ).map((entry) => entry.record);
    for (const record of page) yield record;
    left -= page.length;
    if (page.length < maxCount) return;
    fromRevision += page.length;
  }
}
