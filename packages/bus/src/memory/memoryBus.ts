import type { Bus, ConsumeOptions, Consumption, MessageHandler, PublishAck, PublishOptions } from '../bus.ts';
import { silentLogger } from '../busLogger.ts';
import type { BusLogger } from '../busLogger.ts';
import { consumeDefaults } from '../consumeDefaults.ts';
import { answerTimeoutOf, BusError, BusErrorCode } from '../errors.ts';
import { rejectedLimit, rejectReasonHeader, sanitizeReason } from '../rejectReason.ts';
import {
  answerRoute,
  answerSubject,
  assertEventSubject,
  assertJobQueue,
  assertMsgId,
  assertName,
  jobStream,
  jobSubject,
  resolveTopology,
} from '../topology.ts';
import type { TopologyOptions } from '../topology.ts';
import { ANONYMOUS, answerSender, assertOwnEventSubject, eventPrefix } from '../identity.ts';
import { MemoryBroker } from './memoryBroker.ts';
import type { MemorySubscriber } from './memoryConsumer.ts';

export interface MemoryBusOptions {
  /** Share one broker between several buses (ingest, workers, emitters of one process). */
  readonly broker?: MemoryBroker;
  readonly topology?: TopologyOptions;
  readonly logger?: BusLogger;
}

/** The in-process implementation of the {@link Bus} port, for the embedded mode. */
export function createMemoryBus(options: MemoryBusOptions = {}): Bus {
  const broker = options.broker ?? new MemoryBroker();
  const topology = resolveTopology(options.topology);
  // In-process emitters are not authenticated: they emit as no one in particular.
  const sender = ANONYMOUS;
  const logger = (options.logger ?? silentLogger).child({ component: 'bus', transport: 'memory' });
  let open = true;
  const consumptions = new Set<() => void>();
  const guard = (): void => {
    if (!open) throw new BusError(BusErrorCode.Closed, 'the bus is closed');
  };
  const publish = async (subject: string, data: Uint8Array, publishOptions: PublishOptions = {}) => {
    guard();
    assertMsgId(publishOptions.msgId);
    await Promise.resolve();
    return broker.publish(subject, data, publishOptions.headers ?? {}, publishOptions.msgId);
  };
  const startConsumer = async (
    stream: string,
    durable: string,
    filterSubject: string | undefined,
    handler: MessageHandler,
    consumeOptions: ConsumeOptions,
  ): Promise<Consumption> => {
    guard();
    await Promise.resolve();
    const {
      retryDelayMs,
      concurrency,
      confirmAck: _confirmAck,
      ...config
    } = { ...consumeDefaults, ...consumeOptions };
    const consumer = broker.consumer(stream, durable, filterSubject, config);
    const subscriber: MemorySubscriber = {
      handler,
      retryDelayMs,
      logger: logger.child({ stream, durable }),
      connected: () => open,
      concurrency,
      active: 0,
      inFlight: new Set(),
    };
    const detach = (): void => {
      consumer.detach(subscriber);
      consumptions.delete(detach);
    };
    consumptions.add(detach);
    consumer.attach(subscriber);
    return {
      async stop() {
        detach();
        await Promise.all(subscriber.inFlight);
      },
    };
  };

  return {
    topology,
    eventPrefix: eventPrefix(topology, sender),
    async ensureTopology() {
      guard();
      await Promise.resolve();
      broker.ensureTopology(topology);
    },
    async publishEvent(subject, data, publishOptions) {
      assertEventSubject(topology, subject);
      return await publish(subject, data, publishOptions);
    },
    async requestAnswer(subject, data, requestOptions) {
      assertEventSubject(topology, subject);
      assertOwnEventSubject(topology, sender, subject);
      assertMsgId(requestOptions.msgId);
      const inbox = answerSubject(topology, sender, requestOptions.msgId);
      let unsubscribe = (): void => undefined;
      let timer: NodeJS.Timeout | undefined;
      const live = new Promise<Uint8Array>((resolve, reject) => {
        unsubscribe = broker.subscribe(inbox, resolve);
        const timeoutMs = requestOptions.timeoutMs ?? 30_000;
        timer = setTimeout(() => {
          reject(new BusError(BusErrorCode.Timeout, `no answer on ${inbox} within ${timeoutMs} ms`));
        }, timeoutMs);
      });
      live.catch(() => undefined);
      try {
        const ack: PublishAck = await publish(subject, data, requestOptions);
        const stored = broker.stream(topology.streams.answers).lastBySubject(inbox);
        if (stored !== undefined) return { ack, answer: Uint8Array.from(stored.data) };
        return {
          ack,
          answer: await live.catch((err: unknown) => {
            throw answerTimeoutOf(err, ack);
          }),
        };
      } finally {
        clearTimeout(timer);
        unsubscribe();
      }
    },
    async answer(to, data) {
      assertMsgId(to.msgId);
      await publish(
        answerSubject(topology, answerSender(topology, to.subject), to.msgId, answerRoute(to.headers)),
        data,
      );
    },
    async consume(stream, durable, handler, consumeOptions = {}) {
      assertName('durable name', durable);
      return await startConsumer(topology.streams[stream], durable, undefined, handler, consumeOptions);
    },
    async enqueueJob(queue, job, jobOptions = {}) {
      assertJobQueue(topology, queue);
      const platform = jobOptions.platform ?? 'any';
      assertName('platform', platform);
      return await publish(jobSubject(topology, queue, platform), job, jobOptions);
    },
    async consumeJobs(queue, consumeOptions, handler) {
      assertJobQueue(topology, queue);
      const platform = consumeOptions.platform ?? 'any';
      assertName('platform', platform);
      const subject = jobSubject(topology, queue, platform);
      return await startConsumer(
        jobStream(topology, queue),
        `jobs-${platform}`,
        subject,
        handler,
        consumeOptions,
      );
    },
    async queueDepth(queue) {
      assertJobQueue(topology, queue);
      guard();
      await Promise.resolve();
      return broker.stream(jobStream(topology, queue)).messages.size;
    },
    async reject(data, reason, headers) {
      return await publish(topology.subjects.rejected, data, {
        headers: { ...headers, [rejectReasonHeader]: sanitizeReason(reason) },
      });
    },
    async readRejected(readOptions = {}) {
      guard();
      await Promise.resolve();
      const stored = [...broker.stream(topology.streams.rejected).from(1)];
      return stored.slice(-rejectedLimit(readOptions.limit)).map((entry) => {
        const { [rejectReasonHeader]: reason = '', ...headers } = entry.headers;
        return {
          seq: entry.seq,
          data: Uint8Array.from(entry.data),
          reason,
          rejectedAt: entry.storedAt,
          headers,
        };
      });
    },
    async close() {
      open = false;
      // Like a dropped connection: deliveries in progress are redelivered after their ack wait.
      for (const detach of [...consumptions]) detach();
      await Promise.resolve();
    },
  };
}
