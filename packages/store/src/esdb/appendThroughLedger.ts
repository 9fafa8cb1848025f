import { setTimeout as sleep } from 'node:timers/promises';
import { BACKWARDS, END, NO_STREAM, WrongExpectedVersionError } from '@eventstore/db-client';
import { StoreError, StoreErrorCode } from '../errors.ts';
import type { AppendResult, BatchAppend, RecordedEvent } from '../eventStore.ts';
import type { StreamHead } from './decideAppend.ts';
import { translateEsdbError } from './esdbErrors.ts';
import { healLedgerTail, writeLinks } from './ledgerLinks.ts';
import { eventKey } from '../eventKey.ts';
import { readLedgerTail, readLinked, readRecordedById } from './ledgerReads.ts';
import type { LedgerContext } from './ledgerReads.ts';
import { ledgerEvent } from './ledgerRecord.ts';
import { mapInChunks } from './mapInChunks.ts';
import { planAppends } from './planAppends.ts';
import type { LedgerView } from './planAppends.ts';

/**
 * Appends through the ledger, the one commit point that orders every writer: reads the ledger's
 * view, plans the appends against it, and commits every new record in ONE ledger append that
 * expects exactly the tail the plan chained onto; when another writer got there first, plans again.
 * One append or a group (group commit): the group is all or none.
 */
export async function appendThroughLedger(
  ctx: LedgerContext,
  appends: readonly BatchAppend[],
): Promise<AppendResult[]> {
  const deadline = Date.now() + ctx.contentionTimeoutMs;
  for (let attempt = 0; ; attempt++) {
    const view = await readView(ctx, appends);
    const plan = planAppends(appends, view, ctx.clock().toISOString());
    if (plan.records.length === 0) return plan.results;
    if (await commit(ctx, view.ledger.ledgerRevision, plan.records)) {
      const targets = plan.records.map((record) => ({ record, keyed: true }));
      await writeLinks(ctx, targets, plan.indexRevisions);
      ctx.healedThrough = Math.max(ctx.healedThrough, (plan.records.at(-1)?.position ?? 0) - 1);
      return plan.results;
    }
    if (Date.now() > deadline) {
      throw new StoreError(
        StoreErrorCode.Unavailable,
        `the ledger stayed contended for ${ctx.contentionTimeoutMs} ms`,
      );
    }
    // Another writer took this ledger revision: back off a little (jittered), then plan again.
    await sleep(Math.random() * Math.min(50, 2 ** attempt));
  }
}

/** The tail (healed), the heads of the streams appended to, and every fact with an id sent. */
async function readView(ctx: LedgerContext, appends: readonly BatchAppend[]): Promise<LedgerView> {
  const tail = await readLedgerTail(ctx);
  await healLedgerTail(ctx, tail);
  const streams = [...new Set(appends.map((append) => append.streamId))];
  const ids = [...new Set(appends.flatMap((append) => append.events.map((event) => event.id)))];
  const [heads, recorded] = await Promise.all([
    mapInChunks(streams, (stream) => readStreamHead(ctx, stream)),
    mapInChunks(ids, (id) => readRecordedById(ctx, id)),
  ]);
  return {
    ledger: {
      ledgerRevision: tail === undefined ? -1 : tail.record.position - 1,
      hash: tail?.record.hash ?? '',
    },
    heads: new Map(streams.map((stream, index) => [stream, heads[index]])),
    recorded: new Map(recorded.flat().map((record) => [eventKey(record.source, record.id), record])),
    indexed: new Map(ids.map((id, index) => [id, recorded[index]?.length ?? 0])),
  };
}

/** The commit point: the ledger append expecting exactly the head we chained onto. False when a writer got there first. */
async function commit(
  ctx: LedgerContext,
  ledgerRevision: number,
  records: readonly RecordedEvent[],
): Promise<boolean> {
  const batchStart = ledgerRevision + 1;
  const events = records.map((record) => ledgerEvent(record, batchStart, records.length));
  try {
    await ctx.client.appendToStream(ctx.ledgerStream, events, {
      expectedRevision: ledgerRevision < 0 ? NO_STREAM : BigInt(ledgerRevision),
    });
    return true;
  } catch (error) {
    if (error instanceof WrongExpectedVersionError) return false;
    throw translateEsdbError(error, 'appending to the ledger');
  }
}

async function readStreamHead(ctx: LedgerContext, streamId: string): Promise<StreamHead | undefined> {
  const [last] =
    (await readLinked(ctx, streamId, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) ?? [];
  return last === undefined ? undefined : { revision: last.revision, hash: last.hash };
}
