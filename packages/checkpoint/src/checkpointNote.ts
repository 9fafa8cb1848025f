import { CheckpointError, CheckpointErrorCode } from './errors.ts';
import { openNote, signNote } from './signedNote.ts';
import type { NoteSigner, NoteVerifier } from './noteKey.ts';

/** A tree head: what a C2SP tlog-checkpoint says. */
export interface TreeHead {
  /** The log's origin line (its unique name; shiplog uses the key name). */
  readonly origin: string;
  readonly size: number;
  readonly root: Buffer;
}

/** The checkpoint body: origin, decimal size, base64 root, one per line. */
export function checkpointBody(head: TreeHead): string {
  return `${head.origin}\n${head.size}\n${head.root.toString('base64')}\n`;
}

/** A signed C2SP tlog-checkpoint of the tree head. */
export function signCheckpoint(head: TreeHead, signer: NoteSigner): string {
  return signNote(checkpointBody(head), signer);
}

/**
 * Verifies a signed checkpoint with the expected key and parses it. Throws `SIGNATURE_INVALID`
 * when the key did not sign it, `NOTE_INVALID` when it is not a checkpoint.
 */
export function openCheckpoint(note: string, verifier: NoteVerifier): TreeHead {
  return parseCheckpointBody(openNote(note, verifier));
}

/** Parses a checkpoint body (extension lines after the root are allowed and ignored). */
export function parseCheckpointBody(text: string): TreeHead {
  const [origin, size, root] = text.split('\n');
  const rootBytes = Buffer.from(root ?? '', 'base64');
  if (origin === undefined || origin === '' || !/^\d+$/.test(size ?? '') || rootBytes.length !== 32)
    throw new CheckpointError(
      CheckpointErrorCode.NoteInvalid,
      'a checkpoint reads <origin>\\n<size>\\n<base64 root>\\n',
    );
  return { origin, size: Number(size), root: rootBytes };
}
