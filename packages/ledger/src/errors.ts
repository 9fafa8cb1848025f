export const LedgerErrorCode = {
  EventRefused: 'EVENT_REFUSED',
  EventIdReused: 'EVENT_ID_REUSED',
  /** `awaitFact`: the caller's signal aborted the wait. */
  WaitAborted: 'WAIT_ABORTED',
  /** `awaitFact`: the deadline passed before the awaited fact was recorded. */
  WaitDeadline: 'WAIT_DEADLINE',
  /** `awaitFact`: the store closed (the subscription ended) before the awaited fact was recorded. */
  WaitEnded: 'WAIT_ENDED',
} as const;
export type LedgerErrorCode = (typeof LedgerErrorCode)[keyof typeof LedgerErrorCode];

export class LedgerError extends Error {
  readonly code: LedgerErrorCode;
  constructor(code: LedgerErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
