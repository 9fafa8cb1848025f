import type { RecordedEvent } from '@shiplog/store';
import { appendLeaf, EMPTY_RANGE, frontierOf, rangeRoot } from './compactRange.ts';
import { openCheckpoint, parseCheckpointBody } from './checkpointNote.ts';
import type { TreeHead } from './checkpointNote.ts';
import type { StoredCheckpoint } from './checkpointStore.ts';
import { CheckpointError } from './errors.ts';
import { recordLeafHash } from './merkleHash.ts';
import type { NoteVerifier } from './noteKey.ts';

/** What is wrong between the log and a checkpoint. */
export const CheckpointProblemKind = {
  /** The log's first `treeSize` records have another root: history was rewritten. */
  RootMismatch: 'root_mismatch',
  /** The log no longer reaches the checkpoint's size: records were cut off its end. */
  LogShorter: 'log_shorter',
  /** The checkpoint's note is not signed by the expected key (or is not a checkpoint). */
  SignatureInvalid: 'signature_invalid',
  /** The stored size, root or compact range differ from the signed note or the log. */
  CheckpointAltered: 'checkpoint_altered',
  /** The record at the checkpoint's size sits at another global position than when it was signed. */
  PositionMoved: 'position_moved',
  /** Global positions skip numbers where the store assigns them densely (a record was deleted). */
  PositionGap: 'position_gap',
} as const;
export type CheckpointProblemKind = (typeof CheckpointProblemKind)[keyof typeof CheckpointProblemKind];

export interface CheckpointProblem {
  readonly kind: CheckpointProblemKind;
  /** The checkpoint concerned (its tree size), when there is one. */
  readonly treeSize?: number;
  /** The global position concerned, when there is one. */
  readonly position?: number;
  readonly detail: string;
}

export interface CheckpointVerification {
  readonly ok: boolean;
  /** Checkpoints held. */
  readonly checkpoints: number;
  /** Records (leaves) read from the log. */
  readonly leaves: number;
  /** Whether signatures were checked against a verifier key, or only parsed. */
  readonly signatures: 'verified' | 'unchecked';
  readonly latest?: { readonly treeSize: number; readonly root: string; readonly lastPosition: number };
  readonly problems: readonly CheckpointProblem[];
}

export interface CheckpointVerifierOptions {
  /** The log's public key; without it signatures are parsed, not verified. */
  readonly verifier?: NoteVerifier;
  /** The store numbers positions 1, 2, 3… (SQLite): a skipped number is a deleted record. */
  readonly densePositions?: boolean;
  /**
   * Tree heads an auditor kept from earlier (signatures already checked by the caller): the log's
   * tree at each size must have that root, and the log must still reach it.
   */
  readonly kept?: readonly TreeHead[];
}

/** Checks a log, fed record by record in global order, against every checkpoint held. */
export interface CheckpointVerifier {
  add(record: RecordedEvent): void;
  finish(): CheckpointVerification;
}

function headOf(checkpoint: StoredCheckpoint, verifier: NoteVerifier | undefined): TreeHead {
  if (verifier !== undefined) return openCheckpoint(checkpoint.note, verifier);
  return parseCheckpointBody(checkpoint.note.slice(0, checkpoint.note.indexOf('\n\n') + 1));
}

export function createCheckpointVerifier(
  checkpoints: readonly StoredCheckpoint[],
  options: CheckpointVerifierOptions = {},
): CheckpointVerifier {
  const problems: CheckpointProblem[] = [];
  const sorted = [...checkpoints].sort((a, b) => a.treeSize - b.treeSize);
  const heads = new Map<number, TreeHead>();
  for (const c of sorted) {
    try {
      const head = headOf(c, options.verifier);
      heads.set(c.treeSize, head);
      if (head.size !== c.treeSize || head.root.toString('hex') !== c.root)
        problems.push({
          kind: CheckpointProblemKind.CheckpointAltered,
          treeSize: c.treeSize,
          detail: `its stored size or root differ from its signed note (size ${head.size})`,
        });
    } catch (err) {
      if (!(err instanceof CheckpointError)) throw err;
      problems.push({
        kind: CheckpointProblemKind.SignatureInvalid,
        treeSize: c.treeSize,
        detail: err.message,
      });
    }
  }
  const frontier = frontierOf(EMPTY_RANGE);
  let leaves = 0;
  let next = 0;
  let lastPosition: number | undefined;

  function check(c: StoredCheckpoint, position: number): void {
    const root = rangeRoot(frontier);
    const signed = heads.get(c.treeSize)?.root ?? Buffer.from(c.root, 'hex');
    if (!root.equals(signed))
      problems.push({
        kind: CheckpointProblemKind.RootMismatch,
        treeSize: c.treeSize,
        position,
        detail: `the log's first ${c.treeSize} records have root ${root.toString('hex')}, the checkpoint signed ${signed.toString('hex')}`,
      });
    else if (
      c.range.hashes.some((h, i) => !h.equals(frontier.hashes[i] as Buffer)) ||
      c.range.hashes.length !== frontier.hashes.length
    )
      problems.push({
        kind: CheckpointProblemKind.CheckpointAltered,
        treeSize: c.treeSize,
        detail: 'its stored compact range is not the log’s',
      });
    if (position !== c.lastPosition)
      problems.push({
        kind: CheckpointProblemKind.PositionMoved,
        treeSize: c.treeSize,
        position,
        detail: `its last record was at position ${c.lastPosition}, the log's record ${c.treeSize} is at ${position}`,
      });
  }

  const kept = options.kept ?? [];
  const horizon = Math.max(0, ...sorted.map((c) => c.treeSize), ...kept.map((h) => h.size));
  function checkKept(head: TreeHead, position: number): void {
    const root = rangeRoot(frontier);
    if (!root.equals(head.root))
      problems.push({
        kind: CheckpointProblemKind.RootMismatch,
        treeSize: head.size,
        position,
        detail: `the log's first ${head.size} records have root ${root.toString('hex')}, the checkpoint you kept signed ${head.root.toString('hex')}`,
      });
  }

  return {
    add(record) {
      if (options.densePositions === true && record.position !== (lastPosition ?? 0) + 1)
        problems.push({
          kind: CheckpointProblemKind.PositionGap,
          position: record.position,
          detail: `position ${record.position} follows ${lastPosition ?? 'the start'}: positions ${(lastPosition ?? 0) + 1}…${record.position - 1} are missing`,
        });
      lastPosition = record.position;
      leaves += 1;
      // Past the largest checkpoint there is nothing to compare a root with: only count.
      if (leaves > horizon) return;
      appendLeaf(frontier, recordLeafHash(record));
      while (next < sorted.length && (sorted[next] as StoredCheckpoint).treeSize === frontier.size) {
        check(sorted[next] as StoredCheckpoint, record.position);
        next += 1;
      }
      if (kept.length > 0)
        for (const head of kept) if (head.size === frontier.size) checkKept(head, record.position);
    },
    finish() {
      for (const head of kept.filter((h) => h.size > leaves))
        problems.push({
          kind: CheckpointProblemKind.LogShorter,
          treeSize: head.size,
          detail: `the log has ${leaves} records, the checkpoint you kept signed ${head.size}: records were cut off its end`,
        });
      for (const c of sorted.slice(next))
        problems.push({
          kind: CheckpointProblemKind.LogShorter,
          treeSize: c.treeSize,
          position: c.lastPosition,
          detail: `the log has ${leaves} records, the checkpoint signed ${c.treeSize} (up to position ${c.lastPosition}): records were cut off its end`,
        });
      const latest = sorted.at(-1);
      return {
        ok: problems.length === 0,
        checkpoints: sorted.length,
        leaves,
        signatures: options.verifier === undefined ? 'unchecked' : 'verified',
        ...(latest === undefined
          ? {}
          : { latest: { treeSize: latest.treeSize, root: latest.root, lastPosition: latest.lastPosition } }),
        problems,
      };
    },
  };
}
