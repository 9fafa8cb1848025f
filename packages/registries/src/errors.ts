/** Stable error codes of `@shiplog/registries`; test and branch on these, never on messages. */
export const RegistryErrorCode = {
  Unavailable: 'REGISTRY_UNAVAILABLE',
  RateLimited: 'REGISTRY_RATE_LIMITED',
  VersionExistsOtherBytes: 'VERSION_EXISTS_OTHER_BYTES',
  AuthFailed: 'REGISTRY_AUTH_FAILED',
  Rejected: 'REGISTRY_REJECTED',
  DigestMismatch: 'DIGEST_MISMATCH',
  NotFound: 'REGISTRY_NOT_FOUND',
  ArtifactInvalid: 'ARTIFACT_INVALID',
  ProtocolError: 'REGISTRY_PROTOCOL_ERROR',
} as const;
export type RegistryErrorCode = (typeof RegistryErrorCode)[keyof typeof RegistryErrorCode];

/** Extra facts some codes carry. */
export interface RegistryErrorDetails {
  /** HTTP status of the answer that caused the error, when there was one. */
  readonly status?: number;
  /** For `REGISTRY_RATE_LIMITED`: the earliest time to try again. */
  readonly retryAfter?: Date;
}

/** The one error class of this package: a `code`, a message for people and the original `cause`. */
export class RegistryError extends Error {
  readonly code: RegistryErrorCode;
  readonly status: number | undefined;
  readonly retryAfter: Date | undefined;
  constructor(code: RegistryErrorCode, message: string, options?: ErrorOptions & RegistryErrorDetails) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.status = options?.status;
    this.retryAfter = options?.retryAfter;
  }
}

/** True when `error` is transient and the same request may succeed later (after `retryAfter`). */
export function isRetryable(error: unknown): boolean {
  return (
    error instanceof RegistryError &&
    (error.code === RegistryErrorCode.Unavailable || error.code === RegistryErrorCode.RateLimited)
  );
}
