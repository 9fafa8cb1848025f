import type { EventStore, RecordedEvent } from './eventStore.ts';
import { lossyOriginals } from './lossyRecord.ts';
import { recordHash, ZERO_HASH } from './recordHash.ts';

/** Why a record breaks the chain. */
export const ChainBreakReason = {
  /** Its position is not after its predecessor's: rows were reordered or rewritten. */
  PositionOrder: 'position_order',
  /** Its prevHash is not its global predecessor's hash: a record was deleted, inserted or moved. */
  PrevHashMismatch: 'prev_hash_mismatch',
  /** Its revision does not follow its stream predecessor's: a stream record was deleted or moved. */
  RevisionGap: 'revision_gap',
  /** Its streamPrevHash is not its stream predecessor's hash. */
  StreamPrevHashMismatch: 'stream_prev_hash_mismatch',
  /** Its stored hash does not match its content: the record itself was altered. */
  HashMismatch: 'hash_mismatch',
  /** The anchor (a position and hash recorded earlier) holds another hash: history was rewritten. */
  AnchorMismatch: 'anchor_mismatch',
  /** The ledger no longer reaches the anchor's position: its tail was cut off. */
  AnchorMissing: 'anchor_missing',
} as const;
export type ChainBreakReason = (typeof ChainBreakReason)[keyof typeof ChainBreakReason];

/** The first record at which the chain does not hold. */
export interface ChainBreak {
  readonly position: number;
  readonly streamId: string;
  readonly revision: number;
  readonly reason: ChainBreakReason;
}

export interface VerifyChainResult {
  /** True when every record checked out. */
  readonly ok: boolean;
  /** Records checked (up to and including the broken one). */
  readonly count: number;
  /** Position of the last record read, if any. */
  readonly lastPosition: number | undefined;
  /** Hash of the last intact record: record it elsewhere to detect a truncated or rewritten tail later. */
  readonly headHash: string;
  readonly firstBreak?: ChainBreak;
}

export interface VerifyChainOptions {
  /** Called every `progressEvery` records with the count so far. */
  readonly onProgress?: (count: number, position: number) => void;
  /** Default 100,000. */
  readonly progressEvery?: number;
  /**
   * A head seen earlier (`lastPosition` and `headHash` of a past verify): the chain must still hold
   * that hash at that position. This is what detects records deleted from the end.
   */
  readonly anchor?: { readonly position: number; readonly hash: string };
  /** Called with every record read, before it is checked (a caller's second check in the same pass). */
  readonly onRecord?: (record: RecordedEvent) => void;
}

interface StreamHead {
  revision: number;
  hash: string;
}

/**
 * Recomputes the hash chain over the whole global log of any `EventStore` (through `readAll`)
 * and stops at the first record that breaks it: per global log (prevHash, strictly increasing
 * positions), per stream (dense revisions, streamPrevHash) and per record (its own hash).
 */
export async function verifyChain(
  store: Pick<EventStore, 'readAll'>,
  options: VerifyChainOptions = {},
): Promise<VerifyChainResult> {
  const progressEvery = options.progressEvery ?? 100_000;
  const streams = new Map<string, StreamHead>();
  let headHash = ZERO_HASH;
  let lastPosition: number | undefined;
  let count = 0;
  for await (const record of store.readAll()) {
    options.onRecord?.(record);
    count += 1;
    const head = streams.get(record.streamId);
    const reason = checkRecord(record, lastPosition, headHash, head);
    const anchored = options.anchor?.position === record.position && options.anchor.hash !== record.hash;
    if (reason !== undefined || anchored) {
      const { position, streamId, revision } = record;
      return {
        ok: false,
        count,
        lastPosition: position,
        headHash,
        firstBreak: { position, streamId, revision, reason: reason ?? ChainBreakReason.AnchorMismatch },
      };
    }
    if (head === undefined) streams.set(record.streamId, { revision: record.revision, hash: record.hash });
    else {
      head.revision = record.revision;
      head.hash = record.hash;
    }
    headHash = record.hash;
    lastPosition = record.position;
    if (options.onProgress !== undefined && count % progressEvery === 0)
      options.onProgress(count, record.position);
  }
  const anchor = options.anchor;
  if (anchor !== undefined && (lastPosition === undefined || lastPosition < anchor.position)) {
    const firstBreak = {
      position: anchor.position,
      streamId: '',
      revision: -1,
      reason: ChainBreakReason.AnchorMissing,
    };
    return { ok: false, count, lastPosition, headHash, firstBreak };
  }
  return { ok: true, count, lastPosition, headHash };
}

function checkRecord(
  record: RecordedEvent,
  lastPosition: number | undefined,
  prevHash: string,
  streamHead: StreamHead | undefined,
): ChainBreakReason | undefined {
  if (lastPosition !== undefined && !(record.position > lastPosition)) return ChainBreakReason.PositionOrder;
  if (record.prevHash !== prevHash) return ChainBreakReason.PrevHashMismatch;
  if (record.revision !== (streamHead === undefined ? 0 : streamHead.revision + 1)) {
    return ChainBreakReason.RevisionGap;
  }
  if (record.streamPrevHash !== (streamHead?.hash ?? ZERO_HASH))
    return ChainBreakReason.StreamPrevHashMismatch;
  if (recordHash(record.prevHash, record.streamPrevHash, record) !== record.hash && !wasLossy(record))
    return ChainBreakReason.HashMismatch;
  return undefined;
}

// A record written before ill-formed text was refused: intact if putting its lone surrogates back gives its hash.
function wasLossy(record: RecordedEvent): boolean {
  for (const original of lossyOriginals(record)) {
    if (recordHash(record.prevHash, record.streamPrevHash, original) === record.hash) return true;
  }
  return false;
}
