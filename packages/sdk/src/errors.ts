export const SdkErrorCode = {
  EventInvalid: 'EVENT_INVALID',
  NoAnswer: 'EMIT_NO_ANSWER',
  PermissionDenied: 'EMIT_PERMISSION_DENIED',
  AnswerMalformed: 'EMIT_ANSWER_MALFORMED',
  Closed: 'EMITTER_CLOSED',
} as const;
export type SdkErrorCode = (typeof SdkErrorCode)[keyof typeof SdkErrorCode];

export class SdkError extends Error {
  readonly code: SdkErrorCode;
  constructor(code: SdkErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
