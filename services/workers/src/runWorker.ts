import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { createNatsBus } from '@shiplog/bus';
import type { Bus } from '@shiplog/bus';
import type { NatsBusOptions } from '@shiplog/bus';
import { createLogger, natsOptionsOf, stopSignal } from '@shiplog/config';
import { ProducerIdentity, createRecorder } from '@shiplog/ledger';
import { createRedactor } from '@shiplog/registries';
import { openStore } from '@shiplog/store';
import { ensureTopologyIfAllowed } from './ensureTopologyIfAllowed.ts';
import { WorkerError, WorkerErrorCode } from './errors.ts';
import { WorkerQueue } from './jobs.ts';
import { startWorker, workerJobQueues } from './startWorker.ts';
import type { WorkerKind } from './startWorker.ts';
import { redactingLogger } from './redactingLogger.ts';
import { configuredSecrets, parseWorkerConfig } from './workerConfig.ts';
import { artifactStoreOf, recipeEnvOf, signingOf } from './workerSetup.ts';

/**
 * One worker process (`shiplog serve worker <kind>`): connects to NATS and the ledger from the
 * environment and takes jobs until SIGINT/SIGTERM. Resolves to the exit code.
 */
export async function runWorker(
  kind: string,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): Promise<number> {
  if (!Object.values<string>(WorkerQueue).includes(kind)) {
    throw new WorkerError(
      WorkerErrorCode.ConfigInvalid,
      `unknown worker kind '${kind}' (${Object.values(WorkerQueue).join(', ')})`,
    );
  }
  const config = parseWorkerConfig(env);
  const signing = await signingOf(config, cwd);
  if (kind === WorkerQueue.Sign && signing === undefined) {
    throw new WorkerError(
      WorkerErrorCode.ConfigInvalid,
      'a sign worker needs SHIPLOG_SIGNING_KEY_FILE + SHIPLOG_SIGNING_KEY_HINT, or SHIPLOG_FULCIO_URL + SHIPLOG_REKOR_URL + SHIPLOG_OIDC_TOKEN',
    );
  }
  const secrets = createRedactor(...configuredSecrets(config));
  const logger = redactingLogger(createLogger(`worker-${kind}`, config.SHIPLOG_LOG_LEVEL), secrets);
  const stopped = stopSignal();
  const store = await openStore(config.SHIPLOG_STORE, { cwd });
  const nats = natsOptionsOf(config, `shiplog-worker-${kind}`) as NatsBusOptions;
  let bus: Bus;
  try {
    bus = await createNatsBus({
      ...nats,
      topology: { ...nats.topology, jobQueues: workerJobQueues },
    });
  } catch (err) {
    await store.close();
    throw err;
  }
  try {
    if (!(await ensureTopologyIfAllowed(bus))) logger.info({}, 'topology is managed by another account');
  } catch (err) {
    await bus.close();
    await store.close();
    throw err;
  }
  const recipeEnv = recipeEnvOf(env);
  const runner = config.SHIPLOG_WORKER_RUNNER ?? `${kind}@${hostname()}#${process.pid}`;
  const consumption = await startWorker(
    kind as WorkerKind,
    {
      bus,
      store,
      recorder: createRecorder({ store, producer: ProducerIdentity.Workers }),
      artifacts: artifactStoreOf(config, cwd),
      logger,
      runner,
      workspace: resolve(cwd, config.SHIPLOG_WORKSPACE ?? '.'),
      secrets,
      recipeEnv,
      sourceDateEpoch: config.SHIPLOG_SOURCE_DATE_EPOCH,
      ...(signing === undefined ? {} : { signing }),
      now: () => new Date(),
    },
    { platforms: config.SHIPLOG_WORKER_PLATFORMS, ackWaitMs: config.SHIPLOG_WORKER_ACK_WAIT_MS },
  );
  logger.info({ runner, platforms: config.SHIPLOG_WORKER_PLATFORMS }, 'worker started');
  await stopped;
  logger.info({}, 'worker stopping');
  await consumption.stop();
  await bus.close();
  await store.close();
  return 0;
}
