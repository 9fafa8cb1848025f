/** Stable codes for the workers' errors (test by code, never by message). */
export const WorkerErrorCode = {
  JobMalformed: 'JOB_MALFORMED',
  RecipeFailed: 'RECIPE_FAILED',
  OutputMissing: 'OUTPUT_MISSING',
  ArtifactMissing: 'ARTIFACT_MISSING',
  DigestMismatch: 'DIGEST_MISMATCH',
  OutcomeRefused: 'OUTCOME_REFUSED',
  ConfigInvalid: 'CONFIG_INVALID',
  CredentialsMissing: 'CREDENTIALS_MISSING',
} as const;
export type WorkerErrorCode = (typeof WorkerErrorCode)[keyof typeof WorkerErrorCode];

export class WorkerError extends Error {
  readonly code: WorkerErrorCode;
  constructor(code: WorkerErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
