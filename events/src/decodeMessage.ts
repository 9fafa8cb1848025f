import { fromBinaryCloudEvent, fromStructuredCloudEvent } from './cloudEvents.ts';
import { eventIdProblems } from './eventIdLimit.ts';
import type { Problem } from './errors.ts';
import { oneEventObjectProblems } from './oneEventObject.ts';
import { readEventDocuments } from './readEventDocuments.ts';

/** A message read into one submission, or the problems that make it malformed. */
export type DecodedMessage =
  | { readonly ok: true; readonly value: unknown; readonly text: string }
  | { readonly ok: false; readonly problems: readonly Problem[] };

const decoder = new TextDecoder();

/** Largest event ingest takes (a CDEvent is a few KiB; NATS itself allows up to 1 MiB). */
export const MAX_EVENT_BYTES = 256 * 1024;

function headerOf(headers: Readonly<Record<string, string>>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.entries(headers).find(([key]) => key.toLowerCase() === lower)?.[1];
}

function isStructuredCloudEvent(value: unknown): value is { specversion: unknown; data: unknown } {
  return value !== null && typeof value === 'object' && 'specversion' in value && 'data' in value;
}

/**
 * Reads one message from the events subject: a CloudEvent in binary mode (`ce-*` headers, the
 * CDEvent as body), in structured mode (the CDEvent as `data`), or a bare CDEvent. The text kept
 * is the CDEvent exactly as the producer sent it where the message carries it as bytes.
 */
export function decodeMessage(data: Uint8Array, headers: Readonly<Record<string, string>>): DecodedMessage {
  // The message id is the event id: it travels in headers and answer subjects, so its bound comes first.
  const msgIdProblems = eventIdProblems(headerOf(headers, 'Nats-Msg-Id'), 'Nats-Msg-Id');
  if (msgIdProblems.length > 0) return { ok: false, problems: msgIdProblems };
  const binary = Object.keys(headers).some((name) => name.toLowerCase() === 'ce-specversion');
  if (data.length > MAX_EVENT_BYTES) {
    const message = `is ${data.length} bytes; the limit is ${MAX_EVENT_BYTES}`;
    return { ok: false, problems: [{ path: '', code: 'DOCUMENT_TOO_LARGE', message }] };
  }
  if (binary) {
    const parsed = fromBinaryCloudEvent(headers, data);
    if (!parsed.ok) return { ok: false, problems: parsed.problems };
    return { ok: true, value: parsed.event, text: decoder.decode(data) };
  }
  // One message, one event object: an array would be recorded as text that is not the event.
  const notOne = oneEventObjectProblems(data);
  if (notOne.length > 0) return { ok: false, problems: notOne };
  const documents = readEventDocuments(data, {
    maxDocumentBytes: MAX_EVENT_BYTES,
    maxInputBytes: MAX_EVENT_BYTES,
  });
  const [document] = documents;
  if (document === undefined || documents.length !== 1) {
    return {
      ok: false,
      problems: [{ path: '', code: 'DOCUMENT_MALFORMED', message: 'a message must hold exactly one event' }],
    };
  }
  if (!document.ok) return { ok: false, problems: document.problems };
  if (isStructuredCloudEvent(document.value)) {
    const parsed = fromStructuredCloudEvent(document.value);
    if (!parsed.ok) return { ok: false, problems: parsed.problems };
    return { ok: true, value: parsed.event, text: JSON.stringify(document.value.data) };
  }
  return { ok: true, value: document.value, text: decoder.decode(data) };
}
