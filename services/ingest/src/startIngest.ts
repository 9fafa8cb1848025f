import type { Bus, Consumption } from '@shiplog/bus';
import type { LedgerPolicy } from '@shiplog/ledger';
import { createRecorder } from '@shiplog/ledger';
import type { EventStore } from '@shiplog/store';
import type { Logger } from 'pino';
import { createIngestHandler } from './ingestHandler.ts';

export interface IngestOptions {
  readonly bus: Bus;
  readonly store: EventStore;
  readonly logger: Logger;
  readonly policy?: LedgerPolicy;
  /** Durable consumer name; every replica using it shares the work (default `ingest`). */
  readonly durable?: string;
  readonly maxAckPending?: number;
  readonly ackWaitMs?: number;
  /** Events this replica handles at once; the ledger commits those that arrive together as one group. */
  readonly concurrency?: number;
}

/** Starts consuming the events stream into the ledger; resolves once the consumer is running. */
export async function startIngest(options: IngestOptions): Promise<Consumption> {
  const { bus, store, logger } = options;
  await bus.ensureTopology();
  const recorder = createRecorder({ store, ...(options.policy ? { policy: options.policy } : {}) });
  await recorder.view();
  const handler = createIngestHandler({ bus, recorder, logger });
  const consumption = await bus.consume('events', options.durable ?? 'ingest', handler, {
    maxAckPending: options.maxAckPending ?? 1_024,
    concurrency: options.concurrency ?? 512,
    // A repeat delivery is answered "duplicate" by the ledger, so unconfirmed acks are safe here.
    confirmAck: false,
    ackWaitMs: options.ackWaitMs ?? 30_000,
    maxDeliver: -1,
  });
  logger.info({ durable: options.durable ?? 'ingest' }, 'ingest started');
  return consumption;
}
