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
import { headersToRecord } from './natsHeaders.ts';

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
  let current: ConsumerMessages | undefined;
  // Pull at most `concurrency` messages and start each handler as its message arrives: a prefetched
  // message must never sit in a buffer while its ack wait runs out, then be redelivered to another
  // replica and handled twice.
  const loop = (async () => {
    while (!stopped) {
      try {
        current = await consumer.fetch({ max_messages: settings.concurrency, expires: pullExpiresMs });
        if (stopped) current.stop();
        const handling: Promise<void>[] = [];
        for await (const msg of current) handling.push(deliver(msg, spec.handler, settings, logger));
        await Promise.all(handling);
      } catch (err) {
        if (stopped) break;
        // Disconnected or the server restarted: pull again once it is back.
        logger.warn({ err: translateNatsError(err, 'pull failed') }, 'bus pull failed');
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  })();
  return {
    async stop() {
      stopped = true;
      current?.stop();
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
    msgId: headers['Nats-Msg-Id'],
    seq: msg.seq,
    deliveryCount: msg.info.deliveryCount,
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
