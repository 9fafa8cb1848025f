import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Bus, BusHeaders, PublishOptions, RejectedEntry } from '../bus.ts';
import { silentLogger } from '../busLogger.ts';
import type { BusLogger } from '../busLogger.ts';
import { answerTimeoutOf, BusError, BusErrorCode } from '../errors.ts';
import { rejectedLimit, rejectReasonHeader, sanitizeReason } from '../rejectReason.ts';
import { answerSender, assertOwnEventSubject, eventPrefix, senderToken } from '../identity.ts';
import {
  ANSWER_ROUTE_HEADER,
  answerFilter,
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
import { createAnswerInbox } from './natsAnswerInbox.ts';
import { connectionInboxPrefix, connectNats } from './natsConnection.ts';
import type { NatsConnectionOptions } from './natsConnection.ts';
import { startNatsConsumer } from './natsConsumer.ts';
import { translateNatsError } from './natsErrors.ts';
import { headersToRecord, recordToHeaders } from './natsHeaders.ts';
import { createJetStreamPublisher } from './natsPublisher.ts';
import { ensureNatsTopology } from './natsTopology.ts';
import { publishThroughFailover } from './natsFailover.ts';
import { storedOrLiveAnswer } from './storedOrLiveAnswer.ts';
import type { FailoverOptions } from './natsFailover.ts';

export interface NatsBusOptions extends NatsConnectionOptions, FailoverOptions {
  readonly topology?: TopologyOptions;
  /** Timeout of each JetStream API call and publish (default 5 s). */
  readonly requestTimeoutMs?: number;
  readonly logger?: BusLogger;
}

/** Connects to NATS and returns the JetStream implementation of the {@link Bus} port. */
export async function createNatsBus(options: NatsBusOptions): Promise<Bus> {
  const topology = resolveTopology(options.topology);
  const timeout = options.requestTimeoutMs ?? 5_000;
  const logger = (options.logger ?? silentLogger).child({ component: 'bus', transport: 'nats' });
  const sender = senderToken(options.user);
  const nc = await connectNats(options);
  const js = jetstream(nc, { timeout });
  const publisher = createJetStreamPublisher(nc, timeout, connectionInboxPrefix(options));
  const answers = createAnswerInbox(nc, topology, sender);
  const failover = {
    logger,
    ...(options.failoverMs === undefined ? {} : { failoverMs: options.failoverMs }),
  };
  let manager: Promise<JetStreamManager> | undefined;
  // Lazy, and without the $JS.API.INFO probe, so an emitter needs no JetStream API permission to publish.
  const jsm = (): Promise<JetStreamManager> =>
    (manager ??= jetstreamManager(nc, { timeout, checkAPI: false }));

  const publish = async (subject: string, data: Uint8Array, publishOptions: PublishOptions = {}) => {
    assertMsgId(publishOptions.msgId);
    guardOpen(nc);
    const { msgId } = publishOptions;
    const headers = recordToHeaders(publishOptions.headers);
    return await publishThroughFailover(nc, { subject, msgId }, failover, () =>
      publisher.publish(subject, data, msgId, headers),
    );
  };
  const call = async <T>(doing: string, action: (manager: JetStreamManager) => Promise<T>): Promise<T> => {
    guardOpen(nc);
    try {
      return await action(await jsm());
    } catch (err) {
      throw translateNatsError(err, doing);
    }
  };

  // Whichever route it went along: a retry may come from another process of the same user. A direct
  // get names the subject, so the server checks it against the user's permissions.
  const readStored = (msgId: string) =>
    call('cannot read answer', (manager) =>
      manager.direct.getMessage(topology.streams.answers, {
        last_by_subj: answerFilter(topology, sender, msgId),
      }),
    );
  const storedOrLive = (msgId: string, live: Promise<Uint8Array>, timeoutMs: number) =>
    storedOrLiveAnswer(() => readStored(msgId), live, timeoutMs);

  // On a cluster the answers stream may have no leader for a few seconds, while the emitter may be
  // reconnecting and miss the live answer: keep publishing until the stream has stored it, so the
  // emitter's retry finds it. The subject is its msgId: a repeat within the window is dropped.
  const storeAnswerThroughFailover = (subject: string, data: Uint8Array): void => {
    publishThroughFailover(nc, { subject, msgId: subject }, failover, () =>
      publisher.publish(subject, data, subject),
    ).catch((err: unknown) =>
      logger.warn({ err: translateNatsError(err, 'cannot store answer'), subject }, 'bus answer not stored'),
    );
  };

  return {
    topology,
    eventPrefix: eventPrefix(topology, sender),
    ensureTopology: () => call('cannot ensure topology', (manager) => ensureNatsTopology(manager, topology)),
    async publishEvent(subject, data, publishOptions) {
      assertEventSubject(topology, subject);
      return await publish(subject, data, publishOptions);
    },
    async requestAnswer(subject, data, requestOptions) {
      assertEventSubject(topology, subject);
      assertOwnEventSubject(topology, sender, subject);
      assertMsgId(requestOptions.msgId);
      const waiting = answers.wait(requestOptions.msgId, requestOptions.timeoutMs ?? 30_000);
      try {
        const ack = await publish(subject, data, {
          ...requestOptions,
          headers: { ...requestOptions.headers, [ANSWER_ROUTE_HEADER]: answers.route },
        });
        // A first publish waits for the live answer. Only a message JetStream already held (a
        // retry) can have been answered before this call: that answer is in the answers stream, or
        // about to be (answers are published without waiting for the store), so look there until
        // it shows up or the live subscription delivers it.
        const answer = await (
          ack.duplicate
            ? storedOrLive(requestOptions.msgId, waiting.answer, requestOptions.timeoutMs ?? 30_000)
            : waiting.answer
        ).catch((err: unknown) => {
          throw answerTimeoutOf(err, ack);
        });
        return { ack, answer };
      } finally {
        waiting.cancel();
      }
    },
    answer(to, data) {
      // Not waiting for the answers stream's acknowledgement: the emitter is subscribed already
      // (and gets it live), and a retry that comes before the store has it keeps looking (above).
      try {
        assertMsgId(to.msgId);
        // The answer goes to whoever sent the event, never to this connection's own user.
        const recipient = answerSender(topology, to.subject);
        const subject = answerSubject(topology, recipient, to.msgId, answerRoute(to.headers));
        if (nc.info?.cluster === undefined) nc.publish(subject, data);
        else storeAnswerThroughFailover(subject, data);
      } catch (err) {
        return Promise.reject(translateNatsError(err, 'cannot publish answer'));
      }
      return Promise.resolve();
    },
    async consume(stream, durable, handler, consumeOptions = {}) {
      assertName('durable name', durable);
      return await call('cannot consume', (manager) =>
        startNatsConsumer(js, manager, {
          stream: topology.streams[stream],
          durable,
          options: consumeOptions,
          handler,
          logger,
        }),
      );
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
      return await call('cannot consume jobs', (manager) =>
        startNatsConsumer(js, manager, {
          stream: jobStream(topology, queue),
          durable: `jobs-${platform}`,
          filterSubject: jobSubject(topology, queue, platform),
          options: consumeOptions,
          handler,
          logger,
        }),
      );
    },
    async queueDepth(queue) {
      assertJobQueue(topology, queue);
      return await call('cannot read queue depth', async (manager) => {
        return (await manager.streams.info(jobStream(topology, queue))).state.messages;
      });
    },
    async reject(data, reason, headers?: BusHeaders) {
      return await publish(topology.subjects.rejected, data, {
        headers: { ...headers, [rejectReasonHeader]: sanitizeReason(reason) },
      });
    },
    async readRejected(readOptions = {}) {
      const limit = rejectedLimit(readOptions.limit);
      return await call('cannot read rejected log', async (manager) => {
        const { state } = await manager.streams.info(topology.streams.rejected);
        const entries: RejectedEntry[] = [];
        for (let seq = Math.max(state.first_seq, state.last_seq - limit + 1); seq <= state.last_seq; seq++) {
          if (seq === 0) continue;
          const stored = await manager.streams.getMessage(topology.streams.rejected, { seq });
          if (stored === null) continue;
          const headers = headersToRecord(stored.header);
          const { [rejectReasonHeader]: reason = '', ...rest } = headers;
          entries.push({
            seq: stored.seq,
            data: stored.data,
            reason,
            rejectedAt: stored.time,
            headers: rest,
          });
        }
        return entries;
      });
    },
    async close() {
      if (!nc.isClosed()) await nc.close();
    },
  };
}

function guardOpen(nc: NatsConnection): void {
  if (nc.isClosed()) throw new BusError(BusErrorCode.Closed, 'the bus is closed');
}
