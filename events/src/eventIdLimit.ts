import { EventsErrorCode } from './errors.ts';
import type { Problem } from './errors.ts';

/**
 * The longest `context.id`, in UTF-8 bytes. The id is the idempotency key everywhere: NATS carries
 * it in the `Nats-Msg-Id` header and (base64url) in the answer's subject, which nats-server bounds
 * with its control line (4 KiB by default). 512 bytes hold any UUID, ULID, URN or CI run id, and
 * composite ids such as `<release>@<version>.<npm package name>.<step>`.
 */
export const MAX_EVENT_ID_BYTES = 512;

const encoder = new TextEncoder();

// The UTF-8 length of `text` (a lone surrogate counts as its replacement, 3 bytes).
function utf8Length(text: string): number {
  // ASCII is the common case: one byte per code unit, no encoding needed.
  // eslint-disable-next-line no-control-regex
  return /^[\u0000-\u007f]*$/.test(text) ? text.length : encoder.encode(text).length;
}

/** A problem at `path` when `id` is longer than `MAX_EVENT_ID_BYTES`. */
export function eventIdProblems(id: unknown, path = '/context/id'): Problem[] {
  if (typeof id !== 'string') return [];
  const bytes = utf8Length(id);
  if (bytes <= MAX_EVENT_ID_BYTES) return [];
  return [
    {
      path,
      code: EventsErrorCode.IdTooLong,
      message: `is ${bytes} bytes; an event id may have at most ${MAX_EVENT_ID_BYTES} (UTF-8)`,
    },
  ];
}
