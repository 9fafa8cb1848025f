/** Stable codes for everything this package reports: thrown errors and per-event problems. */
export const EventsErrorCode = {
  EventInvalid: 'EVENT_INVALID',
  UnknownType: 'EVENT_TYPE_UNKNOWN',
  UnknownVersion: 'EVENT_VERSION_UNKNOWN',
  SpecVersionUnknown: 'SPEC_VERSION_UNKNOWN',
  DocumentMalformed: 'DOCUMENT_MALFORMED',
  DocumentTooLarge: 'DOCUMENT_TOO_LARGE',
  DocumentTooDeep: 'DOCUMENT_TOO_DEEP',
  DocumentNotUtf8: 'DOCUMENT_NOT_UTF8',
  CloudEventInvalid: 'CLOUDEVENT_INVALID',
  // Per-field problems, each at a JSON Pointer.
  Required: 'FIELD_REQUIRED',
  WrongType: 'FIELD_WRONG_TYPE',
  ValueNotAllowed: 'FIELD_VALUE_NOT_ALLOWED',
  UnknownField: 'FIELD_UNKNOWN',
  BadFormat: 'FIELD_BAD_FORMAT',
  TooSmall: 'FIELD_TOO_SMALL',
  TooBig: 'FIELD_TOO_BIG',
  NoVariantMatches: 'FIELD_NO_VARIANT_MATCHES',
  ForbiddenKey: 'FIELD_FORBIDDEN_KEY',
  FieldInvalid: 'FIELD_INVALID',
  /** A string or key with a lone UTF-16 surrogate: not text any UTF-8 store or hash can keep. */
  TextIllFormed: 'FIELD_TEXT_ILL_FORMED',
  /** A number JSON.parse cannot hold exactly (beyond double precision or range). */
  NumberInexact: 'FIELD_NUMBER_INEXACT',
  /** The event id is longer than the contract allows (it travels in headers and subjects). */
  IdTooLong: 'FIELD_ID_TOO_LONG',
  /** The input is JSON, but not one event object (an array, a string, a number…). */
  DocumentNotObject: 'DOCUMENT_NOT_AN_OBJECT',
  /** A type only shiplog records (its gate decisions, its policy violations), sent in by an emitter. */
  EventTypeReserved: 'EVENT_TYPE_RESERVED',
  /** A source only shiplog records under (`/shiplog/ledger`), sent in by an emitter. */
  SourceReserved: 'SOURCE_RESERVED',
} as const;
export type EventsErrorCode = (typeof EventsErrorCode)[keyof typeof EventsErrorCode];

/** One thing wrong with one event, at a JSON Pointer (`/context/timestamp`; `''` is the whole event). */
export interface Problem {
  readonly path: string;
  readonly code: EventsErrorCode;
  readonly message: string;
}

/** An error of this package, with a stable `code` (test by code, never by message). */
export class EventsError extends Error {
  readonly code: EventsErrorCode;
  /** The per-field problems, when the error is about an event's content. */
  readonly problems: readonly Problem[];
  constructor(
    code: EventsErrorCode,
    message: string,
    options?: ErrorOptions & { problems?: readonly Problem[] },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.problems = options?.problems ?? [];
  }
}
