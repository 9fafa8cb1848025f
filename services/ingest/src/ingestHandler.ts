import { natsProducer } from '@shiplog/bus';
import type { Bus, MessageHandler } from '@shiplog/bus';
import { decodeMessage } from '@shiplog/events';
import type { Problem } from '@shiplog/events';
import { contentDigest, encodeAnswer } from '@shiplog/ledger';
import type { RecordAnswer, Recorder } from '@shiplog/ledger';
import type { Logger } from 'pino';

export interface IngestHandlerOptions {
  readonly bus: Bus;
  readonly recorder: Recorder;
  readonly logger: Logger;
}

function reasonOf(problems: readonly Problem[]): string {
  return problems.map((p) => `${p.code} ${p.path || '/'}: ${p.message}`).join('; ');
}

// The reason an event on a subject without a sender is kept in the rejected log with.
function noSender(bus: Bus, subject: string): string {
  return `PRODUCER_UNKNOWN /: subject ${subject} names no NATS user: publish to ${bus.topology.subjects.events}.<your NATS user>.<subject>.<predicate>`;
}

/**
 * Handles one delivery from the events stream: decode, record through the ledger with the producer
 * `nats:<user>` the subject names (the server lets each user publish only under its own name),
 * answer the emitter, and only then resolve so the bus acknowledges. Malformed input, and events on
 * a subject that names no user, go to the rejected log with their reason and never into the
 * ledger. A store failure throws, so the message is redelivered.
 */
export function createIngestHandler(options: IngestHandlerOptions): MessageHandler {
  const { bus, recorder, logger } = options;
  return async (message) => {
    const decoded = decodeMessage(message.data, message.headers);
    const producer = natsProducer(bus.topology, message.subject);
    let answer: RecordAnswer;
    if (!decoded.ok) {
      answer = { status: 'refused', problems: decoded.problems };
    } else if (producer === undefined) {
      // No one to record it for, and no one's answer subjects to answer on.
      await bus.reject(message.data, noSender(bus, message.subject), message.headers);
      logger.warn(
        { msgId: message.msgId, seq: message.seq, subject: message.subject },
        'event without sender',
      );
      return;
    } else {
      answer = await recorder.record({
        value: decoded.value,
        text: decoded.text,
        producer,
        fromEmitter: true,
      });
    }
    if (answer.status === 'refused') {
      await bus.reject(message.data, reasonOf(answer.problems), message.headers);
      logger.info(
        { msgId: message.msgId, seq: message.seq, reason: reasonOf(answer.problems) },
        'event refused',
      );
    } else if (answer.status === 'recorded' && answer.violations.length > 0) {
      logger.warn(
        { eventId: answer.eventId, violations: answer.violations.map((v) => v.code) },
        'violations recorded',
      );
    }
    if (message.msgId !== undefined && producer !== undefined) {
      const digest = decoded.ok ? contentDigest(decoded.value) : undefined;
      await bus.answer(
        { msgId: message.msgId, subject: message.subject, headers: message.headers },
        encodeAnswer(answer, digest),
      );
    }
  };
}
