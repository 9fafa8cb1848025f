import { parseEventType } from '@shiplog/events';

const token = (text: string): string => text.toLowerCase().replace(/[^a-z0-9_-]/g, '_') || '_';

/**
 * The NATS subject an event is published on: `<prefix>.<subject>.<predicate>`, where the prefix is
 * the bus's `eventPrefix` (`shiplog.events.<NATS user>`), e.g. `shiplog.events.ci.service.deployed`,
 * so subscribers can pick senders and event kinds with wildcards.
 */
export function eventSubject(prefix: string, type: string): string {
  const parts = parseEventType(type);
  if (parts === undefined) return `${prefix}.unknown.unknown`;
  const subject = parts.tool === undefined ? parts.subject : `${parts.tool}-${parts.subject}`;
  return `${prefix}.${token(subject)}.${token(parts.predicate)}`;
}
