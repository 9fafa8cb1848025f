/** Why a snapshot could not be read from what was handed in. */
export const SnapshotErrorCode = {
  /** The input is not the JSON or text the reader expects (names where and what arrived). */
  InputMalformed: 'SNAPSHOT_INPUT_MALFORMED',
  /** Something runs that names no digest of its bytes (an image known only by tag). */
  DigestMissing: 'SNAPSHOT_DIGEST_MISSING',
  /** A pod or container carries none of the labels that name its service. */
  ServiceUnknown: 'SNAPSHOT_SERVICE_UNKNOWN',
  /** The registry has no manifest under the tag. */
  TagAbsent: 'SNAPSHOT_TAG_ABSENT',
  /** A `--from` that names no known reader or no argument. */
  SourceInvalid: 'SNAPSHOT_SOURCE_INVALID',
} as const;
export type SnapshotErrorCode = (typeof SnapshotErrorCode)[keyof typeof SnapshotErrorCode];

export class SnapshotError extends Error {
  readonly code: SnapshotErrorCode;
  constructor(code: SnapshotErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
