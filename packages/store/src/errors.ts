export const StoreErrorCode = {
  VersionConflict: 'STREAM_VERSION_CONFLICT',
  StreamNotFound: 'STREAM_NOT_FOUND',
  EventIdReused: 'EVENT_ID_REUSED',
  InvalidArgument: 'INVALID_ARGUMENT',
  Unavailable: 'STORE_UNAVAILABLE',
  Closed: 'STORE_CLOSED',
  ChainBroken: 'CHAIN_BROKEN',
} as const;
export type StoreErrorCode = (typeof StoreErrorCode)[keyof typeof StoreErrorCode];

export class StoreError extends Error {
  readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
