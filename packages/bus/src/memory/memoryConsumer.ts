import type { DeliveredMessage, MessageHandler } from '../bus.ts';
import type { BusLogger } from '../busLogger.ts';
import type { MemoryStream, StoredMessage } from './memoryStream.ts';

export interface MemoryConsumerConfig {
  maxAckPending: number;
  ackWaitMs: number;
  maxDeliver: number;
}

/** One replica taking deliveries from a durable consumer; handles up to `concurrency` at a time. */
export interface MemorySubscriber {
  readonly handler: MessageHandler;
  readonly retryDelayMs: number;
  readonly logger: BusLogger;
  /** False once the replica's connection is closed: its late acks are lost, as over a network. */
  readonly connected: () => boolean;
  readonly concurrency: number;
  active: number;
  /** The handlers in progress, awaited when the replica stops. */
  readonly inFlight: Set<Promise<void>>;
}

interface Pending {
  readonly token: number;
  readonly deliveryCount: number;
  timer: NodeJS.Timeout;
}

/** A durable consumer with JetStream's explicit-ack semantics, shared by competing subscribers. */
export class MemoryConsumer {
  config: MemoryConsumerConfig;
  private readonly stream: MemoryStream;
  private readonly filterSubject: string | undefined;
  private readonly subscribers: MemorySubscriber[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly redeliveries: { seq: number; deliveryCount: number; dueAt: number }[] = [];
  private cursor = 1;
  private tokens = 0;
  private wakeUp: NodeJS.Timeout | undefined;

  constructor(stream: MemoryStream, filterSubject: string | undefined, config: MemoryConsumerConfig) {
    this.stream = stream;
    this.filterSubject = filterSubject;
    this.config = config;
    stream.onAppend(() => this.dispatch());
  }

  attach(subscriber: MemorySubscriber): void {
    this.subscribers.push(subscriber);
    this.dispatch();
  }

  detach(subscriber: MemorySubscriber): void {
    const index = this.subscribers.indexOf(subscriber);
    if (index >= 0) this.subscribers.splice(index, 1);
  }

  private dispatch(): void {
    for (;;) {
      const subscriber = this.subscribers.find(
        (candidate) => candidate.active < candidate.concurrency && candidate.connected(),
      );
      if (subscriber === undefined || this.pending.size >= this.config.maxAckPending) return;
      const next = this.takeNext();
      if (next === undefined) return;
      // Round robin: the chosen replica goes to the back of the line.
      this.detach(subscriber);
      this.subscribers.push(subscriber);
      this.deliver(subscriber, next.stored, next.deliveryCount);
    }
  }

  private takeNext(): { stored: StoredMessage; deliveryCount: number } | undefined {
    const now = Date.now();
    this.redeliveries.sort((a, b) => a.dueAt - b.dueAt || a.seq - b.seq);
    while (this.redeliveries[0] !== undefined && this.redeliveries[0].dueAt <= now) {
      const due = this.redeliveries.shift();
      const stored = due === undefined ? undefined : this.stream.messages.get(due.seq);
      if (due !== undefined && stored !== undefined) return { stored, deliveryCount: due.deliveryCount + 1 };
    }
    for (const stored of this.stream.from(this.cursor)) {
      this.cursor = stored.seq + 1;
      if (this.filterSubject === undefined || stored.subject === this.filterSubject) {
        return { stored, deliveryCount: 1 };
      }
    }
    this.cursor = this.stream.lastSeq + 1;
    const first = this.redeliveries[0];
    if (first !== undefined) {
      clearTimeout(this.wakeUp);
      this.wakeUp = setTimeout(() => this.dispatch(), first.dueAt - now).unref();
    }
    return undefined;
  }

  private deliver(subscriber: MemorySubscriber, stored: StoredMessage, deliveryCount: number): void {
    const token = ++this.tokens;
    const entry: Pending = { token, deliveryCount, timer: this.ackTimer(stored.seq, token) };
    this.pending.set(stored.seq, entry);
    subscriber.active += 1;
    let settled = false;
    const settleOnce = (kind: 'ack' | 'nak' | 'term', delayMs = 0): void => {
      if (settled || !subscriber.connected()) return;
      settled = true;
      this.settle(stored.seq, token, kind, delayMs);
    };
    const message: DeliveredMessage = {
      subject: stored.subject,
      data: Uint8Array.from(stored.data),
      headers: stored.headers,
      msgId: stored.headers['Nats-Msg-Id'],
      seq: stored.seq,
      deliveryCount,
      nak: (delayMs) => settleOnce('nak', delayMs),
      term: () => settleOnce('term'),
      working: () => {
        const current = this.pending.get(stored.seq);
        if (current?.token !== token || !subscriber.connected()) return;
        clearTimeout(current.timer);
        current.timer = this.ackTimer(stored.seq, token);
      },
    };
    // Deferred so a publisher never runs a handler inside its own call, as over a network.
    const handled: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => subscriber.handler(message))
      .then(
        () => settleOnce('ack'),
        (err: unknown) => {
          subscriber.logger.warn({ err, seq: stored.seq, deliveryCount }, 'bus handler failed');
          settleOnce('nak', subscriber.retryDelayMs);
        },
      )
      .finally(() => {
        subscriber.active -= 1;
        subscriber.inFlight.delete(handled);
        this.dispatch();
      });
    subscriber.inFlight.add(handled);
  }

  private ackTimer(seq: number, token: number): NodeJS.Timeout {
    return setTimeout(() => this.settle(seq, token, 'nak', 0), this.config.ackWaitMs).unref();
  }

  private settle(seq: number, token: number, kind: 'ack' | 'nak' | 'term', delayMs: number): void {
    const entry = this.pending.get(seq);
    if (entry?.token !== token) return;
    clearTimeout(entry.timer);
    this.pending.delete(seq);
    if (kind === 'nak') {
      const { maxDeliver } = this.config;
      if (maxDeliver < 0 || entry.deliveryCount < maxDeliver) {
        this.redeliveries.push({ seq, deliveryCount: entry.deliveryCount, dueAt: Date.now() + delayMs });
      }
    } else if (kind === 'ack' && this.stream.limits.workQueue) {
      this.stream.delete(seq);
    }
    this.dispatch();
  }
}
