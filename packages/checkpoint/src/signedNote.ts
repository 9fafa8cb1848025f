import { sign, verify } from 'node:crypto';
import { CheckpointError, CheckpointErrorCode } from './errors.ts';
import type { NoteSigner, NoteVerifier } from './noteKey.ts';

// C2SP signed-note: a UTF-8 text ending in a newline, a blank line, then one line per signature,
// `— <key name> <base64(4-byte key id || signature)>`.
const SIGNATURE_PREFIX = '\u2014 ';

/** Signs a note text (it must end in a newline and hold no blank line). */
export function signNote(text: string, signer: NoteSigner): string {
  if (!text.endsWith('\n') || text.includes('\n\n'))
    throw new CheckpointError(
      CheckpointErrorCode.NoteInvalid,
      'a note text ends in a newline and holds no blank line',
    );
  const signature = sign(null, Buffer.from(text, 'utf8'), signer.privateKey);
  return `${text}\n${SIGNATURE_PREFIX}${signer.name} ${Buffer.concat([signer.keyId, signature]).toString('base64')}\n`;
}

/**
 * Opens a signed note with the expected verifier: the text, when one of its signature lines is
 * a valid signature by that key. Throws `NOTE_INVALID` for a malformed note and
 * `SIGNATURE_INVALID` when no signature by that key verifies.
 */
export function openNote(note: string, verifier: NoteVerifier): string {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n'))
    throw new CheckpointError(
      CheckpointErrorCode.NoteInvalid,
      'a signed note is a text, a blank line and signature lines',
    );
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  for (const line of lines) {
    if (!line.startsWith(SIGNATURE_PREFIX))
      throw new CheckpointError(CheckpointErrorCode.NoteInvalid, `not a signature line: '${line}'`);
    const [name, encoded] = line.slice(SIGNATURE_PREFIX.length).split(' ');
    if (name !== verifier.name || encoded === undefined) continue;
    const blob = Buffer.from(encoded, 'base64');
    if (blob.length !== 68 || !blob.subarray(0, 4).equals(verifier.keyId)) continue;
    if (verify(null, Buffer.from(text, 'utf8'), verifier.publicKey, blob.subarray(4))) return text;
  }
  throw new CheckpointError(
    CheckpointErrorCode.SignatureInvalid,
    `no valid signature by ${verifier.name} (key id ${verifier.keyId.toString('hex')}) on this note`,
  );
}
