import type { Bus, MessageHandler } from '@shiplog/bus';
import type { Problem } from '@shiplog/events';
import { contentDigest } from '@shiplog/ledger';
import type { RecordAnswer, Recorder } from '@shiplog/ledger';
import { encodeAnswer } from '@shiplog/sdk';
import type { Logger } from 'pino';
import { decodeMessage } from './decodeMessage.ts';

export interface IngestHandlerOptions {
  readonly bus: Bus;
  readonly recorder: Recorder;
  readonly logger: Logger;
  /** Producer identity recorded with each event (e.g. the NATS user emitters connect as). */
  readonly producer?: string;
}

function reasonOf(problems: readonly Problem[]): string {
  return problems.map((p) => `${p.code} ${p.path || '/'}: ${p.message}`).join('; ');
}

/**
 * Handles one delivery from the events stream: decode, record through the ledger, answer the
 * emitter, and only then resolve so the bus acknowledges. Malformed input goes to the rejected log
 * with its reason and never into the ledger. A store failure throws, so the message is redelivered.
 */
export function createIngestHandler(options: IngestHandlerOptions): MessageHandler {
  const { bus, recorder, logger } = options;
  return async (message) => {
    const decoded = decodeMessage(message.data, message.headers);
    let answer: RecordAnswer;
    if (!decoded.ok) {
      answer = { status: 'refused', problems: decoded.problems };
    } else {
      answer = await recorder.record({
        value: decoded.value,
        text: decoded.text,
        producer: options.producer ?? 'nats',
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
    if (message.msgId !== undefined) {
      const digest = decoded.ok ? contentDigest(decoded.value) : undefined;
      await bus.answer({ msgId: message.msgId, headers: message.headers }, encodeAnswer(answer, digest));
    }
  };
}
