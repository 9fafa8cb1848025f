/** Stable codes for this package's errors (test by code, never by message). */
export const SbomErrorCode = {
  ArchiveMalformed: 'ARCHIVE_MALFORMED',
  MetadataMissing: 'METADATA_MISSING',
  MetadataMalformed: 'METADATA_MALFORMED',
  ArtifactKindUnknown: 'ARTIFACT_KIND_UNKNOWN',
  SchemaInvalid: 'SBOM_SCHEMA_INVALID',
} as const;
export type SbomErrorCode = (typeof SbomErrorCode)[keyof typeof SbomErrorCode];

export class SbomError extends Error {
  readonly code: SbomErrorCode;
  constructor(code: SbomErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
