import type { CDEvent, ParseResult } from './parseCDEvent.ts';
import { parseCDEvent } from './parseCDEvent.ts';
import { EventsErrorCode } from './errors.ts';
import { instantMs } from './instant.ts';
import { oneEventObjectProblems } from './oneEventObject.ts';
import { readEventDocuments } from './readEventDocuments.ts';
import type { Problem } from './errors.ts';

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

// The CloudEvent attributes must agree with the CDEvent they carry.
function attributeProblems(attributes: Record<string, unknown>, event: CDEvent, prefix: string): Problem[] {
  const expected: Record<string, string> = {
    id: event.context.id,
    source: event.context.source,
    type: event.context.type,
    subject: event.subject.id,
    time: event.context.timestamp,
  };
  const problems: Problem[] = [];
  for (const [name, want] of Object.entries(expected)) {
    const got = attributes[name];
    const optional = name === 'subject' || name === 'time';
    if (got === undefined && optional) continue;
    // `time` names an instant: `10:00:00+05:00` and `05:00:00Z` agree (read as `instantMs` reads them).
    if (
      name === 'time' &&
      typeof got === 'string' &&
      instantMs(got) !== undefined &&
      instantMs(got) === instantMs(want)
    )
      continue;
    if (got !== want)
      problems.push(problem(`${prefix}${name}`, `must equal the CDEvent's value ${JSON.stringify(want)}`));
  }
  return problems;
}

function isJsonMediaType(value: unknown): boolean {
  if (value === undefined) return true;
  if (typeof value !== 'string') return false;
  const media = value.split(';')[0]?.trim().toLowerCase() ?? '';
  return media === 'application/json' || media.endsWith('+json');
}

/** Reads a structured-mode CloudEvent (already JSON-parsed) and checks the CDEvent in its `data`. */
export function fromStructuredCloudEvent(value: unknown): ParseResult<CDEvent> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, problems: [problem('', 'a CloudEvent must be a JSON object')] };
  }
  const attributes = value as Record<string, unknown>;
  if (attributes.specversion !== '1.0')
    return { ok: false, problems: [problem('/specversion', 'must be "1.0"')] };
  if (!isJsonMediaType(attributes.datacontenttype)) {
    return { ok: false, problems: [problem('/datacontenttype', 'must be application/json')] };
  }
  if (!Object.hasOwn(attributes, 'data')) return { ok: false, problems: [problem('/data', 'is required')] };
  const parsed = parseCDEvent(attributes.data);
  if (!parsed.ok)
    return { ok: false, problems: parsed.problems.map((p) => ({ ...p, path: `/data${p.path}` })) };
  const problems = attributeProblems(attributes, parsed.event, '/');
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
  if (attributes.specversion !== '1.0')
    return { ok: false, problems: [problem('ce-specversion', 'must be "1.0"')] };
  if (!isJsonMediaType(contentType))
    return { ok: false, problems: [problem('content-type', 'must be application/json')] };
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
  const problems = attributeProblems(attributes, parsed.event, 'ce-');
  return problems.length === 0 ? parsed : { ok: false, problems };
}
