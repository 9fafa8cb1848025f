export const ApiErrorCode = {
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  MethodNotAllowed: 'METHOD_NOT_ALLOWED',
  QueryInvalid: 'QUERY_INVALID',
  BodyInvalid: 'BODY_INVALID',
  BodyTooLarge: 'BODY_TOO_LARGE',
  ProjectionsUnavailable: 'PROJECTIONS_UNAVAILABLE',
  /** The read models do not match their checkpoint (edited): nothing is answered until a replay. */
  ProjectionsInconsistent: 'PROJECTIONS_INCONSISTENT',
  /** The log no longer reaches its latest signed checkpoint: records were cut or rewritten. */
  LogTampered: 'LOG_TAMPERED',
  ConfigInvalid: 'API_CONFIG_INVALID',
  Internal: 'INTERNAL',
} as const;
export type ApiErrorCode = (typeof ApiErrorCode)[keyof typeof ApiErrorCode];

/** One problem with a request or the configuration, at a place the caller can find. */
export interface ApiProblem {
  readonly path: string;
  readonly message: string;
}

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly problems: readonly ApiProblem[];
  constructor(
    code: ApiErrorCode,
    message: string,
    options?: ErrorOptions & { readonly problems?: readonly ApiProblem[] },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.problems = options?.problems ?? [];
  }
}
