/** Stable codes for this package's errors (test by code, never by message). */
export const ReleaseErrorCode = {
  ManifestUnreadable: 'MANIFEST_UNREADABLE',
  ManifestInvalid: 'MANIFEST_INVALID',
  DependencyCycle: 'MANIFEST_DEPENDENCY_CYCLE',
  GateDecisionRefused: 'GATE_DECISION_REFUSED',
  /** A hand-written `dependsOn` that the package's own Cargo.toml / package.json contradicts. */
  DependencyContradicted: 'MANIFEST_DEPENDENCY_CONTRADICTED',
  /** A built file that is not what the manifest says it releases (name, version, publishable…). */
  ArtifactMismatch: 'ARTIFACT_MISMATCH',
  /** A built file whose own metadata cannot be read (not an archive, no package.json…). */
  ArtifactUnreadable: 'ARTIFACT_UNREADABLE',
} as const;
export type ReleaseErrorCode = (typeof ReleaseErrorCode)[keyof typeof ReleaseErrorCode];

/** One bad field of a manifest, at a dotted path such as `packages[2].build.outputs`. */
export interface ManifestProblem {
  readonly path: string;
  readonly message: string;
}

export class ReleaseError extends Error {
  readonly code: ReleaseErrorCode;
  /** Every bad field, for `MANIFEST_INVALID`. */
  readonly problems: readonly ManifestProblem[];
  constructor(
    code: ReleaseErrorCode,
    message: string,
    options?: ErrorOptions & { problems?: readonly ManifestProblem[] },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.problems = options?.problems ?? [];
  }
}
