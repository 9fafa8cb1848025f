import type { Bus } from '@shiplog/bus';
import { BusError, BusErrorCode, createNatsBus } from '@shiplog/bus';
import type { NatsBusOptions } from '@shiplog/bus';
import type { CDEvent } from '@shiplog/events';
import { parseCDEvent } from '@shiplog/events';
import type { LedgerPolicy, RecordAnswer } from '@shiplog/ledger';
import { createRecorder, ProducerIdentity } from '@shiplog/ledger';
import type { EventStore } from '@shiplog/store';
import { decodeAnswer } from './decodeAnswer.ts';
import { eventMessageId } from './eventMessageId.ts';
import { eventSubject } from './eventSubject.ts';
import { emitFailure } from './emitFailure.ts';

export type { RecordAnswer } from '@shiplog/ledger';

/** Where events go: a NATS JetStream URL (ingest records them), a bus, or straight into a store. */
export type EmitterOptions =
  | ({ readonly natsUrl: string } & Omit<NatsBusOptions, 'servers'> & RetryOptions)
  | ({ readonly bus: Bus } & RetryOptions)
  | { readonly store: EventStore; readonly policy?: LedgerPolicy; readonly producer?: string };

export interface RetryOptions {
  /** How long to wait for the ledger's answer on each attempt (default 10 s). */
  readonly answerTimeoutMs?: number;
  /** Attempts in all, each with the same event id (default 5). */
  readonly attempts?: number;
  /** First backoff between attempts, doubled each time (default 200 ms). */
  readonly backoffMs?: number;
}

/** One event to emit: a CDEvent object, or its exact JSON text (kept verbatim by the ledger). */
export type Emittable = CDEvent | { readonly text: string };

export interface Emitter {
  /** Sends one event and resolves to the ledger's answer: recorded, duplicate or refused. */
  emit(event: Emittable): Promise<RecordAnswer>;
  close(): Promise<void>;
}

const retryable = new Set<string>([BusErrorCode.Timeout, BusErrorCode.Unavailable]);

function submissionOf(event: Emittable): { value: unknown; text: string } | RecordAnswer {
  if ('text' in event) {
    try {
      return { value: JSON.parse(event.text) as unknown, text: event.text };
    } catch (err) {
      const message = `not valid JSON: ${err instanceof Error ? err.message : String(err)}`;
      return { status: 'refused', problems: [{ path: '', code: 'DOCUMENT_MALFORMED', message }] };
    }
  }
  return { value: event, text: JSON.stringify(event) };
}

function busEmitter(bus: Bus, retry: RetryOptions, ownsBus: boolean): Emitter {
  const attempts = retry.attempts ?? 5;
  const timeoutMs = retry.answerTimeoutMs ?? 10_000;
  const backoffMs = retry.backoffMs ?? 200;
  const encoder = new TextEncoder();
  return {
    async emit(event) {
      const submission = submissionOf(event);
      // An object is serialised once, by submissionOf; unreadable text is sent as it came.
      const text = 'text' in submission ? submission.text : (event as { readonly text: string }).text;
      const parsed = 'status' in submission ? undefined : parseCDEvent(submission.value);
      // Malformed input still goes to ingest, which keeps it in the rejected log with its reason and
      // answers "refused". Its message id is its bytes' digest, never an event id it may claim.
      const valid = parsed?.ok === true ? parsed.event : undefined;
      const id = valid?.context.id ?? `invalid-${eventMessageId(text)}`;
      // JetStream dedupes by message id: the bytes' digest, the same on every retry of them only.
      const msgId = eventMessageId(text);
      // Under this connection's own name: ingest records the NATS user from the subject.
      const subject =
        valid === undefined
          ? `${bus.eventPrefix}.invalid.input`
          : eventSubject(bus.eventPrefix, valid.context.type);
      const data = encoder.encode(text);
      for (let attempt = 1; ; attempt += 1) {
        try {
          const { ack, answer } = await bus.requestAnswer(subject, data, { msgId, timeoutMs });
          // JetStream drops a repeat of these very bytes (other content has another message id,
          // so ingest judges it): the answer is then the stored one of their earlier send.
          const { answer: decoded } = decodeAnswer(answer);
          // A first send that JetStream already held was sent before, by another run or producer:
          // the ledger recorded it then, so for this send it is a duplicate. Our own retries are not
          // (the SDK's attempts, or the bus's repeats through a cluster's leader change).
          if (attempt === 1 && ack.duplicate && ack.retried !== true && decoded.status === 'recorded') {
            return {
              status: 'duplicate',
              eventId: decoded.eventId,
              streamId: decoded.streamId,
              position: decoded.position,
            };
          }
          return decoded;
        } catch (err) {
          if (!(err instanceof BusError) || !retryable.has(err.code) || attempt >= attempts) {
            throw emitFailure(err, { id, subject, attempt, timeoutMs });
          }
          await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)));
        }
      }
    },
    close: () => (ownsBus ? bus.close() : Promise.resolve()),
  };
}

/**
 * Creates an emitter. With `natsUrl` or `bus`, events travel over JetStream (deduplicated by
 * `eventMessageId(text)`: the bytes' digest) and the ingest service answers; retries reuse the same id. With `store`, the event is
 * recorded in-process through the same validate–decide–append path ingest uses.
 */
export async function createEmitter(options: EmitterOptions): Promise<Emitter> {
  if ('store' in options) {
    const recorder = createRecorder({
      store: options.store,
      ...(options.policy ? { policy: options.policy } : {}),
    });
    const producer = options.producer ?? ProducerIdentity.Local;
    return {
      emit(event) {
        const submission = submissionOf(event);
        if ('status' in submission) return Promise.resolve(submission);
        return recorder.record({ ...submission, producer, fromEmitter: true });
      },
      close: () => Promise.resolve(),
    };
  }
  if ('bus' in options) return busEmitter(options.bus, options, false);
  const { natsUrl, attempts, answerTimeoutMs, backoffMs, ...natsOptions } = options;
  const bus = await createNatsBus({ ...natsOptions, servers: natsUrl });
  return busEmitter(bus, { attempts, answerTimeoutMs, backoffMs }, true);
}
