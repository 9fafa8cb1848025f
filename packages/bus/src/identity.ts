import { BusError, BusErrorCode } from './errors.ts';
import type { Topology } from './topology.ts';

/**
 * The sender token of a connection without a user name (a server without authentication, a token,
 * the in-process bus). It names no one: ingest records its events with the producer `nats`.
 */
export const ANONYMOUS = '_';

// The same rule as stream and queue names: one subject token, no wildcard, no dot.
const userPattern = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Checks a NATS user name can be the sender token of its subjects (`shiplog.events.<user>.…`). */
export function assertUserName(user: string): void {
  if (!userPattern.test(user)) {
    throw new BusError(
      BusErrorCode.InvalidArgument,
      `NATS user "${user}" must match ${String(userPattern)}: it names the user's own subjects`,
    );
  }
}

/** The sender token of a connection: its NATS user name, or {@link ANONYMOUS} without one. */
export function senderToken(user: string | undefined): string {
  if (user === undefined) return ANONYMOUS;
  assertUserName(user);
  return user;
}

/** Where a sender publishes its events: `<events>.<sender>`; the SDK adds `.<subject>.<predicate>`. */
export function eventPrefix(topology: Topology, sender: string): string {
  return `${topology.subjects.events}.${sender}`;
}

/** The inbox prefix of a user's connection (replies, acks, pull deliveries): `_INBOX.<user>`. */
export function inboxPrefix(user: string): string {
  return `_INBOX.${user}`;
}

/**
 * The sender an event subject names: `<events>.<sender>.<subject>.<predicate>[.…]` with a user name
 * or {@link ANONYMOUS} as sender and at least two tokens after it. Undefined for any other subject,
 * e.g. the pre-identity `shiplog.events.service.deployed`: the server's permissions guarantee the
 * sender token of a user, never a subject of another form.
 */
export function senderOf(topology: Topology, subject: string): string | undefined {
  const prefix = `${topology.subjects.events}.`;
  if (!subject.startsWith(prefix)) return undefined;
  const [sender, ...rest] = subject.slice(prefix.length).split('.');
  if (sender === undefined || rest.length < 2 || rest.some((token) => token.length === 0)) return undefined;
  return sender === ANONYMOUS || userPattern.test(sender) ? sender : undefined;
}

/**
 * The producer identity ingest records for an event that came on `subject`: `nats:<user>`, `nats`
 * for an anonymous sender, or undefined when the subject names no sender.
 */
export function natsProducer(topology: Topology, subject: string): string | undefined {
  const sender = senderOf(topology, subject);
  if (sender === undefined) return undefined;
  return sender === ANONYMOUS ? 'nats' : `nats:${sender}`;
}

/** Refuses, before publishing, an event whose answer this connection could never receive. */
export function assertOwnEventSubject(topology: Topology, sender: string, subject: string): void {
  if (senderOf(topology, subject) !== sender) {
    throw new BusError(
      BusErrorCode.InvalidArgument,
      `this connection publishes events as "${sender}": the subject must be ${eventPrefix(topology, sender)}.<subject>.<predicate>, not "${subject}"`,
    );
  }
}

/** The sender token an answer goes to, from the subject of the event it answers. */
export function answerSender(topology: Topology, subject: string): string {
  const sender = senderOf(topology, subject);
  if (sender === undefined) {
    throw new BusError(
      BusErrorCode.InvalidArgument,
      `cannot answer an event on "${subject}": it names no sender (${topology.subjects.events}.<user>.<subject>.<predicate>)`,
    );
  }
  return sender;
}
