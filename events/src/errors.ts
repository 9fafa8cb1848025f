export const EventsErrorCode = {
  EventInvalid: 'EVENT_INVALID',
  UnknownType: 'EVENT_TYPE_UNKNOWN',
  UnknownVersion: 'EVENT_VERSION_UNKNOWN',
  DocumentMalformed: 'DOCUMENT_MALFORMED',
  DocumentTooLarge: 'DOCUMENT_TOO_LARGE',
  DocumentTooDeep: 'DOCUMENT_TOO_DEEP',
  CloudEventInvalid: 'CLOUDEVENT_INVALID',
} as const;
export type EventsErrorCode = (typeof EventsErrorCode)[keyof typeof EventsErrorCode];

export class EventsError extends Error {
  readonly code: EventsErrorCode;
  constructor(code: EventsErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
