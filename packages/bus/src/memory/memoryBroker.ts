import type { BusHeaders, PublishAck } from '../bus.ts';
import { BusError, BusErrorCode } from '../errors.ts';
import { jobStream } from '../topology.ts';
import type { Topology } from '../topology.ts';
import type { MemoryConsumerConfig } from './memoryConsumer.ts';
import { MemoryConsumer } from './memoryConsumer.ts';
import { MemoryStream } from './memoryStream.ts';
import type { MemoryStreamLimits } from './memoryStream.ts';

/** The in-process stand-in for a NATS server: streams, durable consumers and plain subscriptions. */
export class MemoryBroker {
  private readonly streams = new Map<string, MemoryStream>();
  private readonly consumers = new Map<string, MemoryConsumer>();
  private readonly listeners = new Map<string, Set<(data: Uint8Array) => void>>();

  /** Creates or updates the streams of a topology, as `ensureTopology` does on JetStream. */
  ensureTopology(topology: Topology): void {
    const limits = (subjects: (subject: string) => boolean): MemoryStreamLimits => ({
      subjects,
      workQueue: false,
      duplicateWindowMs: topology.duplicateWindowMs,
    });
    const under = (prefix: string) => (subject: string) => subject.startsWith(`${prefix}.`);
    this.define(topology.streams.events, limits(under(topology.subjects.events)));
    this.define(topology.streams.answers, {
      ...limits(under(topology.subjects.answers)),
      maxMsgsPerSubject: 1,
      maxAgeMs: topology.answersMaxAgeMs,
    });
    this.define(topology.streams.rejected, {
      ...limits((subject) => subject === topology.subjects.rejected),
      maxMsgs: topology.rejectedMaxMsgs,
      maxBytes: topology.rejectedMaxBytes,
    });
    for (const queue of topology.jobQueues) {
      this.define(jobStream(topology, queue), {
        ...limits(under(`${topology.namespace}.jobs.${queue}`)),
        workQueue: true,
      });
    }
  }

  publish(subject: string, data: Uint8Array, headers: BusHeaders, msgId: string | undefined): PublishAck {
    const stream = [...this.streams.values()].find((candidate) => candidate.limits.subjects(subject));
    if (stream === undefined) {
      throw new BusError(BusErrorCode.NoStream, `no stream stores subject ${subject}; call ensureTopology`);
    }
    const ack = stream.append(subject, data, headers, msgId);
    if (!ack.duplicate) {
      for (const listener of this.listeners.get(subject) ?? []) listener(Uint8Array.from(data));
    }
    return ack;
  }

  stream(name: string): MemoryStream {
    const stream = this.streams.get(name);
    if (stream === undefined) throw new BusError(BusErrorCode.NoStream, `stream ${name} does not exist`);
    return stream;
  }

  /** The durable consumer `durable` of `stream`, created on first use and updated to `config`. */
  consumer(
    stream: string,
    durable: string,
    filterSubject: string | undefined,
    config: MemoryConsumerConfig,
  ): MemoryConsumer {
    const key = `${stream}/${durable}`;
    let consumer = this.consumers.get(key);
    if (consumer === undefined) {
      consumer = new MemoryConsumer(this.stream(stream), filterSubject, config);
      this.consumers.set(key, consumer);
    }
    consumer.config = config;
    return consumer;
  }

  /** A plain (non-stored) subscription to one subject, like a core NATS subscription. */
  subscribe(subject: string, listener: (data: Uint8Array) => void): () => void {
    let set = this.listeners.get(subject);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(subject, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(subject);
    };
  }

  private define(name: string, limits: MemoryStreamLimits): void {
    const existing = this.streams.get(name);
    if (existing === undefined) {
      this.streams.set(name, new MemoryStream(name, limits));
      return;
    }
    if (existing.limits.workQueue !== limits.workQueue) {
      throw new BusError(BusErrorCode.TopologyConflict, `stream ${name} cannot change its retention`);
    }
    existing.limits = limits;
  }
}
