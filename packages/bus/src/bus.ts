import type { Topology } from './topology.ts';

/** Headers carried with a message (CloudEvents binary mode puts `ce-*` attributes here). */
export type BusHeaders = Readonly<Record<string, string>>;

/** What the stream answered to a publish. `duplicate` means the msgId was already stored. */
export interface PublishAck {
  readonly stream: string;
  readonly seq: number;
  readonly duplicate: boolean;
  /**
   * Set when this call sent the message more than once (a NATS cluster changing leader): a
   * `duplicate` may then be this call's own earlier send, not someone else's.
   */
  readonly retried?: boolean;
}

export interface PublishOptions {
  /** Deduplication id (`Nats-Msg-Id`): the CDEvent `context.id` for events. */
  readonly msgId?: string;
  readonly headers?: BusHeaders;
}

export interface RequestAnswerOptions extends PublishOptions {
  readonly msgId: string;
  /** How long to wait for the answer after publishing (default 30 s). */
  readonly timeoutMs?: number;
}

/** The event an answer is for: its msgId, the subject and headers it came with. */
export interface AnswerTo {
  readonly msgId: string;
  /** The event's subject: its sender token decides whose answer subjects the answer goes to. */
  readonly subject: string;
  readonly headers?: BusHeaders;
}

/** An event publish together with the answer its consumer recorded for it. */
export interface AnsweredPublish {
  readonly ack: PublishAck;
  readonly answer: Uint8Array;
}

/** One delivery of a stored message to a consumer. The bus acks it once the handler resolves. */
export interface DeliveredMessage {
  readonly subject: string;
  readonly data: Uint8Array;
  readonly headers: BusHeaders;
  readonly msgId: string | undefined;
  /** Position of the message in its stream. */
  readonly seq: number;
  /** 1 on the first delivery, 2 on the first redelivery, … */
  readonly deliveryCount: number;
  /** Asks for redelivery (after `delayMs`) instead of the ack the bus would send. */
  nak(delayMs?: number): void;
  /** Gives up on the message: it is never redelivered. */
  term(reason?: string): void;
  /** Extends the ack deadline while a long handler is still working. */
  working(): void;
}

/** Processes one delivery; resolving acks it, throwing asks for redelivery. */
export type MessageHandler = (message: DeliveredMessage) => Promise<void> | void;

export interface ConsumeOptions {
  /** Most deliveries outstanding without an ack, across every replica of the durable (default 100). */
  readonly maxAckPending?: number;
  /** Time a delivery may stay unacknowledged before it is redelivered (default 30 s). */
  readonly ackWaitMs?: number;
  /** Deliveries before a message is given up (default 5; -1 for no limit). */
  readonly maxDeliver?: number;
  /** Redelivery delay after the handler throws (default 1 s). */
  readonly retryDelayMs?: number;
  /**
   * Deliveries this replica handles at once (default 1). Each is handed to the handler as soon as it
   * arrives, never buffered behind another, so no ack wait runs out in a queue.
   */
  readonly concurrency?: number;
  /**
   * Wait for the server to confirm each ack (default true). A handler that is idempotent anyway
   * (ingest: the ledger answers a repeat as a duplicate) can skip the round trip.
   */
  readonly confirmAck?: boolean;
}

export interface ConsumeJobsOptions extends ConsumeOptions {
  /** The runner's platform label, e.g. `linux-x64`; jobs of other platforms are never delivered. */
  readonly platform?: string;
}

export interface EnqueueJobOptions {
  readonly msgId?: string;
  /** Platform label of the runner that must take the job (default `any`). */
  readonly platform?: string;
  readonly headers?: BusHeaders;
}

/** A running consumer. */
export interface Consumption {
  /** Stops taking deliveries and waits for the handlers in progress to settle. */
  stop(): Promise<void>;
}

/** One entry of the rejected log. */
export interface RejectedEntry {
  readonly seq: number;
  readonly data: Uint8Array;
  readonly reason: string;
  readonly rejectedAt: Date;
  readonly headers: BusHeaders;
}

/**
 * The transport port. Implemented by the NATS JetStream adapter and the in-process adapter; both
 * pass `describeBusContract` from `@shiplog/bus/testing`.
 */
export interface Bus {
  /** The streams and subjects this bus uses. */
  readonly topology: Topology;
  /**
   * Where this connection publishes its events: `<events>.<NATS user>` (`<events>._` without a user
   * name). Its events go to `<eventPrefix>.<subject>.<predicate>`; the server's permissions let a
   * user publish nowhere else, and ingest records the user from this token.
   */
  readonly eventPrefix: string;
  /** Creates or updates every stream; safe to call at every start. */
  ensureTopology(): Promise<void>;
  /** Stores one event on a subject under `topology.subjects.events`. */
  publishEvent(subject: string, data: Uint8Array, options?: PublishOptions): Promise<PublishAck>;
  /**
   * Publishes an event on a subject under {@link eventPrefix} and waits for the answer its consumer
   * records with {@link answer}. A retry with the same msgId after the answer was recorded (by any
   * connection of the same user) gets the same answer.
   */
  requestAnswer(subject: string, data: Uint8Array, options: RequestAnswerOptions): Promise<AnsweredPublish>;
  /**
   * Records the answer for the event whose msgId is `to.msgId` on the answer subjects of the sender
   * its subject names, and sends it along the answer route its headers name, if any (see
   * `ANSWER_ROUTE_HEADER`). A subject that names no sender is refused (`BUS_INVALID_ARGUMENT`).
   */
  answer(to: AnswerTo, data: Uint8Array): Promise<void>;
  /** Consumes the events stream with a durable consumer shared by every replica using the same name. */
  consume(
    stream: 'events',
    durable: string,
    handler: MessageHandler,
    options?: ConsumeOptions,
  ): Promise<Consumption>;
  enqueueJob(queue: string, job: Uint8Array, options?: EnqueueJobOptions): Promise<PublishAck>;
  consumeJobs(queue: string, options: ConsumeJobsOptions, handler: MessageHandler): Promise<Consumption>;
  /** Jobs stored in a queue (not yet acknowledged). */
  queueDepth(queue: string): Promise<number>;
  /** Keeps malformed input with its reason in the bounded rejected log. */
  reject(data: Uint8Array, reason: string, headers?: BusHeaders): Promise<PublishAck>;
  /** The newest `limit` entries of the rejected log (default 100), oldest first. */
  readRejected(options?: { readonly limit?: number }): Promise<RejectedEntry[]>;
  /** Closes the connection; handlers still running can no longer ack. */
  close(): Promise<void>;
}
