export const CheckpointErrorCode = {
  /** A signing or verifier key is not in the signed-note key format. */
  KeyInvalid: 'KEY_INVALID',
  /** A signed note or checkpoint body is malformed. */
  NoteInvalid: 'NOTE_INVALID',
  /** A note carries no valid signature by the expected key. */
  SignatureInvalid: 'SIGNATURE_INVALID',
  /** A proof or tree size is out of range. */
  ProofInvalid: 'PROOF_INVALID',
  /** An audit bundle is missing a file or holds one that cannot be read. */
  BundleInvalid: 'BUNDLE_INVALID',
  /** The log no longer reaches a checkpoint it signed (records were cut off its end). */
  LogBehindCheckpoint: 'LOG_BEHIND_CHECKPOINT',
  /** Nothing to checkpoint, or the checkpoint store cannot be used. */
  CheckpointUnavailable: 'CHECKPOINT_UNAVAILABLE',
} as const;
export type CheckpointErrorCode = (typeof CheckpointErrorCode)[keyof typeof CheckpointErrorCode];

export class CheckpointError extends Error {
  readonly code: CheckpointErrorCode;
  constructor(code: CheckpointErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
