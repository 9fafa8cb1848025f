import { parseEventType } from '@shiplog/events';

const token = (text: string): string => text.toLowerCase().replace(/[^a-z0-9_-]/g, '_') || '_';

/**
 * The NATS subject an event is published on: `<events prefix>.<subject>.<predicate>`, e.g.
 * `shiplog.events.service.deployed`, so subscribers can pick event kinds with wildcards.
 */
export function eventSubject(prefix: string, type: string): string {
  const parts = parseEventType(type);
  if (parts === undefined) return `${prefix}.unknown.unknown`;
  const subject = parts.tool === undefined ? parts.subject : `${parts.tool}-${parts.subject}`;
  return `${prefix}.${token(subject)}.${token(parts.predicate)}`;
}
