import type { RecordAnswer } from './recordAnswer.ts';

/** The answer as it travels from ingest to the emitter: the ledger's answer and the digest of the event it answers. */
export interface WireAnswer {
  readonly answer: RecordAnswer;
  /** `contentDigest` of the event ingest answered (absent for input it could not read). */
  readonly contentDigest?: string;
}

/** What `parseAnswer` read: the answer, or why the bytes are not one. */
export type ParsedAnswer =
  | { readonly ok: true; readonly wire: WireAnswer }
  | { readonly ok: false; readonly problem: string; readonly cause?: unknown };

const statuses = new Set(['recorded', 'duplicate', 'refused']);
const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** How ingest encodes an answer, with the digest of the event it answers when it could read one. */
export function encodeAnswer(answer: RecordAnswer, contentDigest?: string): Uint8Array {
  return encoder.encode(JSON.stringify(contentDigest === undefined ? answer : { ...answer, contentDigest }));
}

/** Reads an answer as `encodeAnswer` wrote it. */
export function parseAnswer(bytes: Uint8Array): ParsedAnswer {
  let value: { status?: unknown; contentDigest?: unknown };
  try {
    value = JSON.parse(decoder.decode(bytes)) as typeof value;
  } catch (cause) {
    return { ok: false, problem: 'the ledger answer is not JSON', cause };
  }
  if (
    value === null ||
    typeof value !== 'object' ||
    typeof value.status !== 'string' ||
    !statuses.has(value.status)
  )
    return { ok: false, problem: 'the ledger answer has no known status' };
  const { contentDigest, ...answer } = value;
  return {
    ok: true,
    wire: { answer: answer as RecordAnswer, ...(typeof contentDigest === 'string' ? { contentDigest } : {}) },
  };
}
