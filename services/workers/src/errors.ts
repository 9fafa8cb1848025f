/** Stable codes for the workers' errors (test by code, never by message). */
export const WorkerErrorCode = {
  JobMalformed: 'JOB_MALFORMED',
  RecipeFailed: 'RECIPE_FAILED',
  /** A recipe command that ran past its timeout (`build.timeoutSeconds`, default 600). */
  RecipeTimeout: 'RECIPE_TIMEOUT',
  OutputMissing: 'OUTPUT_MISSING',
  ArtifactMissing: 'ARTIFACT_MISSING',
  DigestMismatch: 'DIGEST_MISMATCH',
  OutcomeRefused: 'OUTCOME_REFUSED',
  ConfigInvalid: 'CONFIG_INVALID',
  CredentialsMissing: 'CREDENTIALS_MISSING',
  /** A job naming no manifest entry or built artifact a release run / build worker recorded. */
  JobUnrecorded: 'JOB_UNRECORDED',
  /** A job whose digest is not the recorded manifest entry's. */
  JobDigestMismatch: 'JOB_DIGEST_MISMATCH',
  /** A package source with a file or link resolving outside its directory. */
  SourceOutsidePackage: 'SOURCE_OUTSIDE_PACKAGE',
  /** A package source that is not in the worker's checkout. */
  SourceMissing: 'SOURCE_MISSING',
  /** A manifest outside the configured workspace (SHIPLOG_WORKSPACE). */
  ManifestOutsideWorkspace: 'MANIFEST_OUTSIDE_WORKSPACE',
  /** A release run stopped by a signal (Ctrl-C, SIGTERM); its summary is recorded. */
  ReleaseInterrupted: 'RELEASE_INTERRUPTED',
  /** A build job for a package the manifest marks `prebuilt` (a CI matrix job hands it in). */
  PrebuiltNotBuilt: 'PREBUILT_NOT_BUILT',
  /** A handed-in file no prebuilt package of the manifest lists among its outputs. */
  ArtifactNotInManifest: 'ARTIFACT_NOT_IN_MANIFEST',
  /** A handed-in file of a package shiplog's build workers build (not `prebuilt`). */
  PackageNotPrebuilt: 'PACKAGE_NOT_PREBUILT',
  /** A handed-in file built for another platform than the manifest entry's label. */
  PlatformMismatch: 'PLATFORM_MISMATCH',
  /** A handed-in file whose name the ledger already holds with other bytes (versions are immutable). */
  ArtifactAlreadyHandedIn: 'ARTIFACT_ALREADY_HANDED_IN',
  /** A CI matrix job reported that its build failed. */
  MatrixBuildFailed: 'MATRIX_BUILD_FAILED',
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
