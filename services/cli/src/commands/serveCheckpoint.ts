import { checkpointsPathFor, openCheckpointStore, startCheckpointing } from '@shiplog/checkpoint';
import { createLogger, parseShiplogConfig, stopSignal } from '@shiplog/config';
import { openStore } from '@shiplog/store';
import { checkpointScheduleOf, loadCheckpointSigner } from '../checkpointSetup.ts';
import type { CommandIo } from '../command.ts';

/**
 * `shiplog serve checkpoint`: follows the log and signs a checkpoint every
 * SHIPLOG_CHECKPOINT_EVERY records or SHIPLOG_CHECKPOINT_INTERVAL seconds, and on stop; the
 * checkpointing `shiplog dev` does, for a deployment of separate services.
 */
export async function runCheckpointer(io: CommandIo): Promise<number> {
  const config = parseShiplogConfig(io.env);
  const schedule = checkpointScheduleOf(io.env);
  const logger = createLogger('checkpoint', config.SHIPLOG_LOG_LEVEL);
  const stopped = stopSignal();
  const connection = config.SHIPLOG_STORE;
  const store = await openStore(connection, { cwd: io.cwd, create: false });
  const checkpoints = openCheckpointStore(checkpointsPathFor(connection, io.cwd));
  try {
    const key = await loadCheckpointSigner(io.env, io.cwd, connection, true);
    if (key === undefined) throw new Error('no checkpoint key');
    if (key.generated !== undefined) logger.info({ file: key.generated }, 'checkpoint key made');
    logger.info({ publicKey: key.signer.verifierKey, ...schedule }, 'checkpointing');
    const checkpointing = startCheckpointing({
      store,
      checkpoints,
      signer: key.signer,
      ...schedule,
      onCheckpoint: (c) => logger.info({ treeSize: c.treeSize, root: c.root }, 'checkpoint signed'),
      onError: (err) => logger.error({ err }, 'checkpoint failed'),
    });
    const signal = await stopped;
    logger.info({ signal }, 'checkpoint stopping');
    await checkpointing.stop();
  } finally {
    checkpoints.close();
    await store.close();
  }
  return 0;
}
