import type { BusHeaders, PublishAck } from '../bus.ts';

export interface StoredMessage {
  readonly seq: number;
  readonly subject: string;
  readonly data: Uint8Array;
  readonly headers: BusHeaders;
  readonly storedAt: Date;
  readonly size: number;
}

/** Limits of an in-memory stream, mirroring the JetStream stream configuration. */
export interface MemoryStreamLimits {
  readonly subjects: (subject: string) => boolean;
  readonly workQueue: boolean;
  readonly duplicateWindowMs: number;
  readonly maxMsgs?: number;
  readonly maxBytes?: number;
  readonly maxMsgsPerSubject?: number;
  readonly maxAgeMs?: number;
}

/** An append-only log with JetStream's dedupe window and discard-old limits. */
export class MemoryStream {
  readonly name: string;
  limits: MemoryStreamLimits;
  readonly messages = new Map<number, StoredMessage>();
  lastSeq = 0;
  private bytes = 0;
  private readonly recentIds = new Map<string, { seq: number; at: number }>();
  private readonly appended = new Set<() => void>();

  constructor(name: string, limits: MemoryStreamLimits) {
    this.name = name;
    this.limits = limits;
  }

  append(subject: string, data: Uint8Array, headers: BusHeaders, msgId: string | undefined): PublishAck {
    const now = Date.now();
    this.expire(now);
    if (msgId !== undefined) {
      const seen = this.recentIds.get(msgId);
      if (seen !== undefined && now - seen.at < this.limits.duplicateWindowMs) {
        return { stream: this.name, seq: seen.seq, duplicate: true };
      }
    }
    const seq = ++this.lastSeq;
    const size = subject.length + data.length + JSON.stringify(headers).length;
    const stored: StoredMessage = {
      seq,
      subject,
      data: Uint8Array.from(data),
      headers: Object.freeze({ ...headers, ...(msgId === undefined ? {} : { 'Nats-Msg-Id': msgId }) }),
      storedAt: new Date(now),
      size,
    };
    if (msgId !== undefined) this.recentIds.set(msgId, { seq, at: now });
    this.messages.set(seq, stored);
    this.bytes += size;
    this.enforceLimits(subject);
    for (const listener of this.appended) listener();
    return { stream: this.name, seq, duplicate: false };
  }

  delete(seq: number): void {
    const stored = this.messages.get(seq);
    if (stored === undefined) return;
    this.messages.delete(seq);
    this.bytes -= stored.size;
  }

  /** Messages with a sequence of at least `fromSeq`, in order. */
  *from(fromSeq: number): Generator<StoredMessage> {
    this.expire(Date.now());
    for (let seq = Math.max(fromSeq, 1); seq <= this.lastSeq; seq++) {
      const stored = this.messages.get(seq);
      if (stored !== undefined) yield stored;
    }
  }

  lastBySubject(subject: string): StoredMessage | undefined {
    this.expire(Date.now());
    for (let seq = this.lastSeq; seq > 0; seq--) {
      const stored = this.messages.get(seq);
      if (stored?.subject === subject) return stored;
    }
    return undefined;
  }

  onAppend(listener: () => void): () => void {
    this.appended.add(listener);
    return () => this.appended.delete(listener);
  }

  private enforceLimits(subject: string): void {
    const { maxMsgs, maxBytes, maxMsgsPerSubject } = this.limits;
    if (maxMsgsPerSubject !== undefined) {
      const same = [...this.messages.values()].filter((stored) => stored.subject === subject);
      for (const stored of same.slice(0, Math.max(0, same.length - maxMsgsPerSubject)))
        this.delete(stored.seq);
    }
    const oldest = (): number | undefined => this.messages.keys().next().value;
    while (
      (maxMsgs !== undefined && this.messages.size > maxMsgs) ||
      (maxBytes !== undefined && this.bytes > maxBytes)
    ) {
      const seq = oldest();
      if (seq === undefined) break;
      this.delete(seq);
    }
  }

  private expire(now: number): void {
    for (const [id, seen] of this.recentIds) {
      if (now - seen.at < this.limits.duplicateWindowMs) break;
      this.recentIds.delete(id);
    }
    const { maxAgeMs } = this.limits;
    if (maxAgeMs === undefined) return;
    for (const stored of this.messages.values()) {
      if (now - stored.storedAt.getTime() < maxAgeMs) break;
      this.delete(stored.seq);
    }
  }
}
