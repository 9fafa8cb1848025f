import type { CDEvent, ParseResult } from './parseCDEvent.ts';
import { parseCDEvent } from './parseCDEvent.ts';
import { EventsErrorCode } from './errors.ts';
import { oneEventObjectProblems } from './oneEventObject.ts';
import { readEventDocuments } from './readEventDocuments.ts';
import type { Problem } from './errors.ts';
import { cloudEventAttributeProblems, cloudEventsVersionProblem } from './cloudEventAttributes.ts';

/** The media type of a structured-mode CloudEvent. */
export const CLOUDEVENTS_JSON = 'application/cloudevents+json';

/** A CloudEvents 1.0 event in structured mode (JSON format) carrying a CDEvent as `data`. */
export interface StructuredCloudEvent {
  readonly specversion: '1.0';
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly subject: string;
  readonly time: string;
  readonly datacontenttype: 'application/json';
  readonly data: CDEvent;
}

/** A CloudEvent in binary mode: attributes in `ce-*` headers, the CDEvent as the body. */
export interface BinaryCloudEvent {
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Wraps a CDEvent as a structured CloudEvent (PROTOCOLS.md: attributes copied from the context). */
export function toStructuredCloudEvent(event: CDEvent): StructuredCloudEvent {
  return {
    specversion: '1.0',
    id: event.context.id,
    source: event.context.source,
    type: event.context.type,
    subject: event.subject.id,
    time: event.context.timestamp,
    datacontenttype: 'application/json',
    data: event,
  };
}

// CloudEvents HTTP binding 3.1.3.2: header values percent-encode space, '"', '%' and non-printable or non-ASCII.
function encodeHeader(value: string): string {
  return Array.from(value, (ch) =>
    /^[\x21\x23-\x24\x26-\x7e]$/.test(ch) ? ch : encodeURIComponent(ch),
  ).join('');
}

function decodeHeader(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** Encodes a CDEvent as a binary-mode CloudEvent (for HTTP or NATS headers). */
export function toBinaryCloudEvent(event: CDEvent): BinaryCloudEvent {
  const attributes = toStructuredCloudEvent(event);
  return {
    headers: {
      'ce-specversion': attributes.specversion,
      'ce-id': encodeHeader(attributes.id),
      'ce-source': encodeHeader(attributes.source),
      'ce-type': encodeHeader(attributes.type),
      'ce-subject': encodeHeader(attributes.subject),
      'ce-time': encodeHeader(attributes.time),
      'content-type': attributes.datacontenttype,
    },
    body: JSON.stringify(event),
  };
}

function problem(path: string, message: string): Problem {
  return { path, code: EventsErrorCode.CloudEventInvalid, message };
}

function isJsonMediaType(value: unknown): boolean {
  if (value === undefined) return true;
  if (typeof value !== 'string') return false;
  const media = value.split(';')[0]?.trim().toLowerCase() ?? '';
  return media === 'application/json' || media.endsWith('+json');
}

function mediaTypeMessage(got: unknown): string {
  return `must be application/json (or another +json type), not ${JSON.stringify(got)}`;
}

/**
 * Reads a structured-mode CloudEvent (1.0 or 0.3, already JSON-parsed) and checks the CDEvent in
 * its `data`; the event returned is the CDEvent's 0.5.1 meaning (see `parseCDEvent`).
 */
export function fromStructuredCloudEvent(value: unknown): ParseResult<CDEvent> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, problems: [problem('', 'a CloudEvent must be a JSON object')] };
  }
  const attributes = value as Record<string, unknown>;
  const version = cloudEventsVersionProblem(attributes.specversion, '/specversion');
  if (version !== undefined) return { ok: false, problems: [version] };
  if (!isJsonMediaType(attributes.datacontenttype)) {
    return {
      ok: false,
      problems: [problem('/datacontenttype', mediaTypeMessage(attributes.datacontenttype))],
    };
  }
  if (!Object.hasOwn(attributes, 'data')) return { ok: false, problems: [problem('/data', 'is required')] };
  const parsed = parseCDEvent(attributes.data);
  if (!parsed.ok)
    return { ok: false, problems: parsed.problems.map((p) => ({ ...p, path: `/data${p.path}` })) };
  const problems = cloudEventAttributeProblems(attributes, attributes.data, '/');
  return problems.length === 0 ? parsed : { ok: false, problems };
}

/**
 * Reads a binary-mode CloudEvent: `ce-*` headers (any case; a list takes its first value) and a
 * JSON body holding the CDEvent. Header problems are reported at `ce-<name>` paths.
 */
export function fromBinaryCloudEvent(
  headers: Readonly<Record<string, string | readonly string[] | undefined>>,
  body: string | Uint8Array,
): ParseResult<CDEvent> {
  const attributes: Record<string, unknown> = {};
  let contentType: string | undefined;
  for (const [rawName, rawValue] of Object.entries(headers)) {
    const name = rawName.toLowerCase();
    const value = typeof rawValue === 'string' ? rawValue : rawValue?.[0];
    if (value === undefined) continue;
    if (name === 'content-type') contentType = value;
    if (name.startsWith('ce-')) attributes[name.slice(3)] = decodeHeader(value);
  }
  const version = cloudEventsVersionProblem(attributes.specversion, 'ce-specversion');
  if (version !== undefined) return { ok: false, problems: [version] };
  if (!isJsonMediaType(contentType))
    return { ok: false, problems: [problem('content-type', mediaTypeMessage(contentType))] };
  const notOne = oneEventObjectProblems(body);
  if (notOne.length > 0) return { ok: false, problems: notOne };
  const documents = readEventDocuments(body);
  const [document] = documents;
  if (document === undefined || documents.length > 1) {
    return { ok: false, problems: [problem('', 'the body must hold exactly one CDEvent')] };
  }
  if (!document.ok) return { ok: false, problems: document.problems };
  const data = document.value;
  const parsed = parseCDEvent(data);
  if (!parsed.ok) return parsed;
  const problems = cloudEventAttributeProblems(attributes, data, 'ce-');
  return problems.length === 0 ? parsed : { ok: false, problems };
}
