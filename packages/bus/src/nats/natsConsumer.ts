import { AckPolicy, DeliverPolicy, JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import type {
  Consumer,
  ConsumerConfig,
  ConsumerMessages,
  JetStreamClient,
  JetStreamManager,
  JsMsg,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { ConsumeOptions, Consumption, DeliveredMessage, MessageHandler } from '../bus.ts';
import type { BusLogger } from '../busLogger.ts';
import { consumeDefaults } from '../consumeDefaults.ts';
import { translateNatsError } from './natsErrors.ts';
import { boundedMsgId, headersToRecord } from './natsHeaders.ts';

// Short pulls bound how long a stopped replica's last request can still take a message.
const pullExpiresMs = 5_000;

export interface NatsConsumerSpec {
  readonly stream: string;
  readonly durable: string;
  readonly filterSubject?: string;
  readonly options: ConsumeOptions;
  readonly handler: MessageHandler;
  readonly logger: BusLogger;
}

/** Creates or updates the durable pull consumer, then handles its deliveries one at a time. */
export async function startNatsConsumer(
  js: JetStreamClient,
  jsm: JetStreamManager,
  spec: NatsConsumerSpec,
): Promise<Consumption> {
  const settings = { ...consumeDefaults, ...spec.options };
  const config: Partial<ConsumerConfig> = {
    durable_name: spec.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(settings.ackWaitMs),
    max_deliver: settings.maxDeliver,
    max_ack_pending: settings.maxAckPending,
    ...(spec.filterSubject === undefined ? {} : { filter_subject: spec.filterSubject }),
  };
  let consumer: Consumer;
  try {
    await ensureConsumer(jsm, spec.stream, config);
    consumer = await js.consumers.get(spec.stream, spec.durable);
  } catch (err) {
    throw translateNatsError(err, `cannot consume ${spec.stream} as ${spec.durable}`);
  }
  const logger = spec.logger.child({ stream: spec.stream, durable: spec.durable });
  let stopped = false;
  const concurrency = Math.max(1, settings.concurrency);
  // Handlers running plus slots promised to pulls not yet filled: never more than `concurrency`.
  let reserved = 0;
  const pulls = new Set<ConsumerMessages>();
  const handling = new Set<Promise<void>>();
  let wake: (() => void) | undefined;
  const freed = (): void => {
    wake?.();
    wake = undefined;
  };

  // Pull at most as many messages as there are free slots and start each handler as its message
  // arrives: a prefetched message must never sit in a buffer while its ack wait runs out, then be
  // redelivered to another replica and handled twice. Pulls overlap (a new one goes out once a
  // quarter of the slots are free), so deliveries keep coming while slow handlers finish.
  const pull = async (max: number): Promise<void> => {
    reserved += max;
    let received = 0;
    let messages: ConsumerMessages | undefined;
    try {
      messages = await consumer.fetch({ max_messages: max, expires: pullExpiresMs });
      pulls.add(messages);
      if (stopped) messages.stop();
      for await (const msg of messages) {
        received += 1;
        const handled = deliver(msg, spec.handler, settings, logger)
          // Settling the message can throw (the connection closed): it is redelivered after its ack wait.
          .catch((err: unknown) =>
            logger.warn({ err: translateNatsError(err, 'settle failed') }, 'bus settle failed'),
          )
          .finally(() => {
            reserved -= 1;
            handling.delete(handled);
            freed();
          });
        handling.add(handled);
      }
    } catch (err) {
      if (!stopped) {
        // Disconnected or the server restarted: pull again once it is back.
        logger.warn({ err: translateNatsError(err, 'pull failed') }, 'bus pull failed');
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    } finally {
      if (messages !== undefined) pulls.delete(messages);
      reserved -= max - received;
      freed();
    }
  };
  const threshold = Math.max(1, Math.floor(concurrency / 4));
  const running = new Set<Promise<void>>();
  const loop = (async () => {
    while (!stopped) {
      const free = concurrency - reserved;
      if (free >= threshold) {
        const pulling = pull(free).finally(() => running.delete(pulling));
        running.add(pulling);
      }
      await new Promise<void>((resolve) => (wake = resolve));
    }
    await Promise.all(running);
    await Promise.all(handling);
  })();
  return {
    async stop() {
      stopped = true;
      for (const messages of pulls) messages.stop();
      freed();
      await loop;
    },
  };
}

async function ensureConsumer(
  jsm: JetStreamManager,
  stream: string,
  config: Partial<ConsumerConfig>,
): Promise<void> {
  const durable = config.durable_name ?? '';
  try {
    const existing = (await jsm.consumers.info(stream, durable)).config;
    const changed = (['ack_wait', 'max_deliver', 'max_ack_pending'] as const).some(
      (key) => existing[key] !== config[key],
    );
    if (changed) {
      await jsm.consumers.update(stream, durable, {
        ack_wait: config.ack_wait,
        max_deliver: config.max_deliver,
        max_ack_pending: config.max_ack_pending,
      });
    }
  } catch (err) {
    if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound)) throw err;
    await jsm.consumers.add(stream, config);
  }
}

async function deliver(
  msg: JsMsg,
  handler: MessageHandler,
  settings: { readonly retryDelayMs: number; readonly confirmAck: boolean },
  logger: BusLogger,
): Promise<void> {
  const { retryDelayMs } = settings;
  let settled = false;
  const headers = headersToRecord(msg.headers);
  const delivered: DeliveredMessage = {
    subject: msg.subject,
    data: msg.data,
    headers,
    // Bounded: an id too long to answer along is left out (the handler refuses the message).
    msgId: boundedMsgId(headers['Nats-Msg-Id']),
    // Read from the ack subject only when asked: most handlers never look.
    get seq() {
      return msg.seq;
    },
    get deliveryCount() {
      return msg.info.deliveryCount;
    },
    nak(delayMs) {
      settled = true;
      msg.nak(delayMs);
    },
    term(reason) {
      settled = true;
      msg.term(reason);
    },
    working() {
      msg.working();
    },
  };
  try {
    await handler(delivered);
  } catch (err) {
    logger.warn({ err, seq: msg.seq, deliveryCount: msg.info.deliveryCount }, 'bus handler failed');
    if (!settled) msg.nak(retryDelayMs);
    return;
  }
  if (settled) return;
  if (!settings.confirmAck) return msg.ack();
  // Waiting for the server's confirmation keeps a crash right after the handler from doubling work.
  try {
    await msg.ackAck();
  } catch (err) {
    // The message will be redelivered after its ack wait: the handler must tolerate a repeat.
    logger.warn({ err: translateNatsError(err, 'ack failed'), seq: msg.seq }, 'bus ack failed');
  }
}
