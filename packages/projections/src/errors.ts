export const ProjectionsErrorCode = {
  /** A query's words are off: a time that is not RFC 3339, an empty environment. */
  InvalidQuery: 'INVALID_QUERY',
  /** `why` found no event, artifact or change by that name. */
  NotFound: 'NOT_FOUND',
  /** The read-model file is of another schema version or not a projections file. */
  SchemaMismatch: 'SCHEMA_MISMATCH',
  /** Replay cannot swap its copy in: another process holds the read models open. */
  Busy: 'PROJECTIONS_BUSY',
  /** The read models were built from a ledger this one is not (restored from a backup, or replaced). */
  LedgerDiverged: 'PROJECTIONS_AHEAD_OF_LEDGER',
  /**
   * The read models disagree with their own checkpoint (rows past it, a row count other than the
   * one recorded with it): they were edited. Nothing is answered from them until a replay.
   */
  Inconsistent: 'PROJECTIONS_INCONSISTENT',
  /** The projections were closed. */
  Closed: 'PROJECTIONS_CLOSED',
} as const;
export type ProjectionsErrorCode = (typeof ProjectionsErrorCode)[keyof typeof ProjectionsErrorCode];

export class ProjectionsError extends Error {
  readonly code: ProjectionsErrorCode;
  /**
   * For `INVALID_QUERY`: the query's fields at fault, by the names the query objects give them
   * (`env`, `since`, `knownAt`…), so a caller can name them in its own terms (a flag, a parameter).
   */
  readonly fields: readonly string[];
  constructor(
    code: ProjectionsErrorCode,
    message: string,
    options?: ErrorOptions & { readonly fields?: readonly string[] },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.fields = options?.fields ?? [];
  }
}
