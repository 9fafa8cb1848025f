import { createNatsBus } from '@shiplog/bus';
import type { Bus, Consumption } from '@shiplog/bus';
import { ConfigError, createLogger, natsOptionsOf, parseShiplogConfig, stopSignal } from '@shiplog/config';
import { startIngest } from './startIngest.ts';
import { openStore } from '@shiplog/store';

/**
 * `shiplog serve ingest`: runs the ingest service from the environment until SIGINT/SIGTERM.
 * Resolves to the process exit code.
 */
export async function runIngest(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): Promise<number> {
  const config = parseShiplogConfig(env);
  const logger = createLogger('ingest', config.SHIPLOG_LOG_LEVEL);
  const nats = natsOptionsOf(config, 'shiplog-ingest');
  if (nats === undefined)
    throw new ConfigError(
      'SHIPLOG_NATS_URL is required to serve ingest (the embedded mode runs inside `shiplog dev`)',
    );
  const stopped = stopSignal();
  // Commits sync on their own thread, so decoding and answering the next events go on meanwhile.
  const store = await openStore(config.SHIPLOG_STORE, { cwd, writer: 'thread' });
  let bus: Bus | undefined;
  let consumption: Consumption;
  try {
    bus = await createNatsBus(nats);
    consumption = await startIngest({
      bus,
      store,
      logger,
      durable: config.SHIPLOG_INGEST_DURABLE,
      ackWaitMs: config.SHIPLOG_INGEST_ACK_WAIT_MS,
      policy: { approvalEnvironments: config.SHIPLOG_APPROVAL_ENVIRONMENTS },
    });
  } catch (err) {
    // Close what was opened, or the process would stay up doing nothing (and look healthy).
    await bus?.close();
    await store.close();
    throw err;
  }
  await stopped;
  logger.info('ingest stopping');
  await consumption.stop();
  await bus.close();
  await store.close();
  return 0;
}
