import { EventsErrorCode } from './errors.ts';
import type { Problem } from './errors.ts';
import { inexactNumberProblems } from './inexactNumbers.ts';
import { scanJson } from './scanJson.ts';
import { DEFAULT_MAX_DEPTH, unsafeJsonProblems } from './unsafeJsonProblems.ts';

/** Limits that keep reading untrusted input bounded. */
export interface ReadLimits {
  /** Largest single event (a JSON document, an NDJSON line or an array element), bytes. Default 1 MiB. */
  readonly maxDocumentBytes?: number;
  /** Largest whole input (e.g. a JSON array of events), bytes. Default 64 MiB. */
  readonly maxInputBytes?: number;
  /** Deepest nesting of one event. Default 64. */
  readonly maxDepth?: number;
}

/** One event read from input: its JSON value, or why it could not be read. */
export type EventDocument =
  | { readonly ok: true; readonly line: number; readonly index: number; readonly value: unknown }
  | { readonly ok: false; readonly line: number; readonly index: number; readonly problems: Problem[] };

const MiB = 1024 * 1024;
const encoder = new TextEncoder();
const isBlank = (b: number): boolean => b === 0x20 || b === 0x09 || b === 0x0d || b === 0x0a;

function failed(line: number, index: number, code: Problem['code'], message: string): EventDocument {
  return { ok: false, line, index, problems: [{ path: '', code, message }] };
}

// Fatal: invalid UTF-8 is refused, never replaced. Not streaming, so one decoder serves every call.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function decode(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function parse(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, message: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
}

function checked(
  value: unknown,
  line: number,
  index: number,
  maxDepth: number,
  numberProblems: readonly Problem[],
): EventDocument {
  const problems = [...unsafeJsonProblems(value, maxDepth), ...numberProblems];
  return problems.length > 0 ? { ok: false, line, index, problems } : { ok: true, line, index, value };
}

// The number problems of an array's elements, by element, with paths inside the element.
function byElement(problems: readonly Problem[]): Map<number, Problem[]> {
  const grouped = new Map<number, Problem[]>();
  for (const p of problems) {
    const [, first = '', ...rest] = p.path.split('/');
    const list = grouped.get(Number(first)) ?? [];
    list.push({ ...p, path: rest.length === 0 ? '' : `/${rest.join('/')}` });
    grouped.set(Number(first), list);
  }
  return grouped;
}

// One JSON text: a single event, or an array of events.
function readWhole(bytes: Uint8Array, limits: Required<ReadLimits>): EventDocument[] {
  const isArray = bytes.find((b) => !isBlank(b)) === 0x5b;
  const limit = isArray ? limits.maxInputBytes : limits.maxDocumentBytes;
  if (bytes.length > limit) {
    return [
      failed(1, 0, EventsErrorCode.DocumentTooLarge, `is ${bytes.length} bytes; the limit is ${limit}`),
    ];
  }
  const text = decode(bytes);
  if (text === undefined) return [failed(1, 0, EventsErrorCode.DocumentNotUtf8, 'is not valid UTF-8')];
  const scan = scanJson(text, limits.maxDepth + (isArray ? 1 : 0));
  if (scan.depth > limits.maxDepth + (isArray ? 1 : 0)) {
    return [failed(1, 0, EventsErrorCode.DocumentTooDeep, `nests deeper than ${limits.maxDepth} levels`)];
  }
  const parsed = parse(text);
  if (!parsed.ok) return [failed(1, 0, EventsErrorCode.DocumentMalformed, parsed.message)];
  const numberProblems = inexactNumberProblems(text);
  if (!Array.isArray(parsed.value))
    return [checked(parsed.value, firstLine(text), 0, limits.maxDepth, numberProblems)];
  const elementProblems = byElement(numberProblems);
  return parsed.value.map((value: unknown, index) => {
    const start = scan.elements[index];
    const next = scan.elements[index + 1]?.offset ?? text.length;
    const line = start?.line ?? 1;
    const size = encoder.encode(text.slice(start?.offset ?? 0, next)).length;
    if (size > limits.maxDocumentBytes + 64) {
      return failed(
        line,
        index,
        EventsErrorCode.DocumentTooLarge,
        `is about ${size} bytes; the limit is ${limits.maxDocumentBytes}`,
      );
    }
    return checked(value, line, index, limits.maxDepth, elementProblems.get(index) ?? []);
  });
}

function firstLine(text: string): number {
  const start = text.search(/\S/);
  return start < 0 ? 1 : text.slice(0, start).split('\n').length;
}

// One event per line; a bad line is reported and the rest are still read.
function readLines(bytes: Uint8Array, limits: Required<ReadLimits>): EventDocument[] {
  const documents: EventDocument[] = [];
  let start = 0;
  for (let lineNo = 1; start <= bytes.length; lineNo++) {
    let end = bytes.indexOf(0x0a, start);
    if (end < 0) end = bytes.length;
    const line = bytes.subarray(start, end);
    start = end + 1;
    if (line.every(isBlank)) continue;
    const index = documents.length;
    if (line.length > limits.maxDocumentBytes) {
      documents.push(
        failed(
          lineNo,
          index,
          EventsErrorCode.DocumentTooLarge,
          `is ${line.length} bytes; the limit is ${limits.maxDocumentBytes}`,
        ),
      );
      continue;
    }
    const text = decode(line);
    if (text === undefined) {
      documents.push(failed(lineNo, index, EventsErrorCode.DocumentNotUtf8, 'is not valid UTF-8'));
    } else if (scanJson(text, limits.maxDepth).depth > limits.maxDepth) {
      documents.push(
        failed(lineNo, index, EventsErrorCode.DocumentTooDeep, `nests deeper than ${limits.maxDepth} levels`),
      );
    } else {
      const parsed = parse(text);
      documents.push(
        parsed.ok
          ? checked(parsed.value, lineNo, index, limits.maxDepth, inexactNumberProblems(text))
          : failed(lineNo, index, EventsErrorCode.DocumentMalformed, parsed.message),
      );
    }
  }
  return documents;
}

// A first line of just `[` or `{` (or any line opening an array) starts one JSON text, not NDJSON.
function opensOneJsonText(bytes: Uint8Array): boolean | undefined {
  const start = bytes.findIndex((b) => !isBlank(b));
  if (start < 0) return undefined;
  if (bytes[start] === 0x5b) return true;
  const end = bytes.indexOf(0x0a, start);
  return bytes[start] === 0x7b && bytes.subarray(start + 1, end < 0 ? bytes.length : end).every(isBlank);
}

/**
 * Reads events from untrusted bytes: one JSON event, a JSON array of events, or NDJSON (one event
 * per line). Checks size, UTF-8 and nesting before parsing, flags `__proto__` keys, ill-formed
 * text and numbers a double cannot hold exactly, and reports a bad event without losing the
 * others. Never throws for bad input.
 */
export function readEventDocuments(input: Uint8Array | string, limits: ReadLimits = {}): EventDocument[] {
  const all: Required<ReadLimits> = {
    maxDocumentBytes: limits.maxDocumentBytes ?? MiB,
    maxInputBytes: limits.maxInputBytes ?? 64 * MiB,
    maxDepth: limits.maxDepth ?? DEFAULT_MAX_DEPTH,
  };
  let bytes = typeof input === 'string' ? encoder.encode(input) : input;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  if (bytes.length > all.maxInputBytes) {
    return [
      failed(
        1,
        0,
        EventsErrorCode.DocumentTooLarge,
        `input is ${bytes.length} bytes; the limit is ${all.maxInputBytes}`,
      ),
    ];
  }
  const opensOne = opensOneJsonText(bytes);
  if (opensOne === undefined) return [];
  if (opensOne) return readWhole(bytes, all);
  if (!bytes.includes(0x0a)) return readWhole(bytes, all);
  // Several lines: one pretty-printed event, or NDJSON. Parse as a whole only what is small and shallow.
  if (bytes.length <= all.maxDocumentBytes) {
    const text = new TextDecoder().decode(bytes);
    if (scanJson(text, all.maxDepth).depth <= all.maxDepth && parse(text).ok) return readWhole(bytes, all);
  }
  return readLines(bytes, all);
}
