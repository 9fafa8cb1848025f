import type { IncomingMessage } from 'node:http';
import { ApiError, ApiErrorCode } from './errors.ts';

/** Reads a request body up to `limit` bytes; throws `BODY_TOO_LARGE` past it (without buffering the rest). */
export async function readBody(request: IncomingMessage, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  if (declared > limit) throw new ApiError(ApiErrorCode.BodyTooLarge, `the body is over ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new ApiError(ApiErrorCode.BodyTooLarge, `the body is over ${limit} bytes`);
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** Request headers as one string per lower-case name (repeated headers joined with `, `). */
export function flatHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}
