export const BusErrorCode = {
  Unavailable: 'BUS_UNAVAILABLE',
  PermissionDenied: 'BUS_PERMISSION_DENIED',
  Timeout: 'BUS_TIMEOUT',
  InvalidArgument: 'BUS_INVALID_ARGUMENT',
  NoStream: 'BUS_NO_STREAM',
  TopologyConflict: 'BUS_TOPOLOGY_CONFLICT',
  Closed: 'BUS_CLOSED',
  Failed: 'BUS_FAILED',
} as const;
export type BusErrorCode = (typeof BusErrorCode)[keyof typeof BusErrorCode];

/** Every error the bus throws; test it by `code`. The transport's own error is kept as `cause`. */
export class BusError extends Error {
  readonly code: BusErrorCode;
  constructor(code: BusErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
