import { EventsErrorCode } from './errors.ts';
import type { Problem } from './errors.ts';
import { isDateTime } from './jsonFormats.ts';
import { instantMs } from './instant.ts';

/** CloudEvents versions whose JSON format and HTTP/NATS bindings shiplog reads (sdk-java still sends 0.3). */
export const cloudEventsSpecVersions: readonly string[] = Object.freeze(['1.0', '0.3']);

function problem(path: string, message: string): Problem {
  return { path, code: EventsErrorCode.CloudEventInvalid, message };
}

function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? typeof value;
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** A problem with the CloudEvent's `specversion`, at `path`; none for 1.0 or 0.3. */
export function cloudEventsVersionProblem(value: unknown, path: string): Problem | undefined {
  if (typeof value === 'string' && cloudEventsSpecVersions.includes(value)) return undefined;
  return problem(path, `must be "1.0" or "0.3" (the CloudEvents versions shiplog reads), not ${show(value)}`);
}

function field(value: unknown, ...keys: string[]): unknown {
  let at = value;
  for (const key of keys)
    at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined;
  return at;
}

function timeProblem(time: unknown, timestamp: unknown, path: string): Problem | undefined {
  if (typeof time !== 'string' || !isDateTime(time))
    return problem(
      path,
      `must be an RFC 3339 date-time like the CDEvent's timestamp ${show(timestamp)}, not ${show(time)}`,
    );
  if (typeof timestamp !== 'string') return undefined;
  // Instants, not spellings: `instantMs` reads every RFC 3339 form (offsets, a leap second) alike.
  const sent = instantMs(time);
  const happened = instantMs(timestamp);
  if (sent === undefined || happened === undefined || sent >= happened) return undefined;
  return problem(
    path,
    `is ${show(time)}, before the CDEvent's timestamp ${show(timestamp)}: it must be that instant (any spelling) or the later time the event was sent`,
  );
}

/**
 * The CloudEvent attributes must agree with the CDEvent they carry, as the producer sent it
 * (`data`, before any upcast): `source` and `type` equal its `context.source` and `context.type`,
 * `subject` (when given) its `subject.id`. `time`, when given, names the same instant as
 * `context.timestamp` in any RFC 3339 spelling, or a later one (SDKs that stamp the send time).
 * `id` is the CloudEvent's own, the transport's id: it may differ from `context.id` (sdk-java
 * sends a random one), and `context.id` stays the fact's id and idempotency key.
 */
export function cloudEventAttributeProblems(
  attributes: Readonly<Record<string, unknown>>,
  data: unknown,
  prefix: string,
): Problem[] {
  const expected: Record<string, unknown> = {
    source: field(data, 'context', 'source'),
    type: field(data, 'context', 'type'),
    subject: field(data, 'subject', 'id'),
  };
  const problems: Problem[] = [];
  if (typeof attributes.id !== 'string' || attributes.id === '')
    problems.push(problem(`${prefix}id`, `must be a non-empty string, not ${show(attributes.id)}`));
  for (const [name, want] of Object.entries(expected)) {
    const got = attributes[name];
    if (got === undefined && name === 'subject') continue;
    if (got !== want)
      problems.push(
        problem(`${prefix}${name}`, `must equal the CDEvent's value ${show(want)}, not ${show(got)}`),
      );
  }
  if (attributes.time !== undefined) {
    const time = timeProblem(attributes.time, field(data, 'context', 'timestamp'), `${prefix}time`);
    if (time !== undefined) problems.push(time);
  }
  return problems;
}
