import type { EventStore } from '@shiplog/store';
import { appendLeaf, EMPTY_RANGE, frontierOf, rangeRoot } from './compactRange.ts';
import { signCheckpoint } from './checkpointNote.ts';
import type { CheckpointStore, StoredCheckpoint } from './checkpointStore.ts';
import { CheckpointError, CheckpointErrorCode } from './errors.ts';
import { recordLeafHash } from './merkleHash.ts';
import type { NoteSigner } from './noteKey.ts';

export interface CreateCheckpointOptions {
  readonly store: Pick<EventStore, 'readAll'>;
  readonly checkpoints: CheckpointStore;
  readonly signer: NoteSigner;
  /** The log's origin line; defaults to the signer's key name. */
  readonly origin?: string;
  readonly now?: () => Date;
}

export interface CreatedCheckpoint {
  readonly checkpoint: StoredCheckpoint;
  /** False when the log has not grown since the latest checkpoint (that one is returned). */
  readonly created: boolean;
}

/**
 * Signs the current tree head of the global log. Starts from the latest checkpoint's compact
 * range and reads only the records after it, so it costs O(new records), not O(log size).
 * Throws `CHECKPOINT_UNAVAILABLE` for an empty log.
 */
export async function createCheckpoint(options: CreateCheckpointOptions): Promise<CreatedCheckpoint> {
  const latest = options.checkpoints.latest();
  const frontier = frontierOf(latest?.range ?? EMPTY_RANGE);
  let lastPosition = latest?.lastPosition;
  for await (const record of options.store.readAll(
    lastPosition === undefined ? {} : { afterPosition: lastPosition },
  )) {
    appendLeaf(frontier, recordLeafHash(record));
    lastPosition = record.position;
  }
  if (lastPosition === undefined)
    throw new CheckpointError(
      CheckpointErrorCode.CheckpointUnavailable,
      'the ledger is empty: nothing to checkpoint',
    );
  if (latest !== undefined && frontier.size === latest.treeSize)
    return { checkpoint: latest, created: false };
  const root = rangeRoot(frontier);
  const origin = options.origin ?? options.signer.name;
  const checkpoint: StoredCheckpoint = {
    treeSize: frontier.size,
    lastPosition,
    root: root.toString('hex'),
    range: { size: frontier.size, hashes: frontier.hashes },
    note: signCheckpoint({ origin, size: frontier.size, root }, options.signer),
    createdAt: (options.now?.() ?? new Date()).toISOString(),
  };
  // Another writer may have signed the same size meanwhile: theirs is the same tree head.
  const created = options.checkpoints.add(checkpoint);
  return { checkpoint: created ? checkpoint : (options.checkpoints.latest() ?? checkpoint), created };
}
