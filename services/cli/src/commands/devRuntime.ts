import { mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { createApiServer } from '@shiplog/api';
import { createMemoryBus } from '@shiplog/bus';
import { startIngest } from '@shiplog/ingest';
import { ProducerIdentity, createRecorder, snapshotProducers } from '@shiplog/ledger';
import { openProjections, projectionsPathFor } from '@shiplog/projections';
import {
  checkpointsPathFor,
  exportAuditBundle,
  openCheckpointStore,
  startCheckpointing,
} from '@shiplog/checkpoint';
import { openStore } from '@shiplog/store';
import {
  configuredSecrets,
  createLocalArtifactStore,
  createRedactor,
  readReleaseStatus,
  redactingLogger,
  recipeEnvOf,
  startWorker,
  WorkerQueue,
  workerJobQueues,
} from '@shiplog/workers';
import type { WorkerKind } from '@shiplog/workers';
import type { Logger } from 'pino';
import { densePositionsOf, loadCheckpointSigner } from '../checkpointSetup.ts';
import type { DevConfig } from './devConfig.ts';

/** What `shiplog dev` started, and how to stop it. */
export interface DevRuntime {
  /** The ledger's connection string. */
  readonly store: string;
  /** The projections file. */
  readonly projections: string;
  readonly url: string;
  /** The worker kinds taking jobs. */
  readonly workers: readonly WorkerKind[];
  /** The checkpoint key's public half (what auditors keep), and the key file when this run made it. */
  readonly checkpointKey: { readonly publicKey: string; readonly generated?: string };
  /** Stops everything, last started first: API, projections, workers, ingest, bus, store. */
  stop(): Promise<void>;
}

export interface StartDevOptions {
  readonly config: DevConfig;
  readonly logger: Logger;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly port: number;
  readonly host: string;
}

async function stopAll(stoppers: (() => Promise<void>)[], logger: Logger): Promise<void> {
  // Every part gets its chance to stop even when one before it fails.
  for (const stop of [...stoppers].reverse()) {
    await stop().catch((err: unknown) => logger.error({ err }, 'stop failed'));
  }
}

/**
 * Starts the embedded all-in-one: the store, the in-process bus, ingest, the workers, the live
 * projections and the HTTP API, in that order. On a failure part-way, stops what had started.
 */
export async function startDev(options: StartDevOptions): Promise<DevRuntime> {
  const { config, logger, cwd } = options;
  const connection = config.shared.SHIPLOG_STORE;
  const stoppers: (() => Promise<void>)[] = [];
  try {
    if (connection.startsWith('sqlite:'))
      await mkdir(dirname(resolve(cwd, connection.slice('sqlite:'.length))), { recursive: true });
    const store = await openStore(connection, { cwd });
    stoppers.push(() => store.close());
    const key = await loadCheckpointSigner(options.env, cwd, connection, true);
    if (key === undefined) throw new Error('no checkpoint key');
    const checkpoints = openCheckpointStore(checkpointsPathFor(connection, cwd));
    stoppers.push(() => Promise.resolve(checkpoints.close()));
    const checkpointing = startCheckpointing({
      store,
      checkpoints,
      signer: key.signer,
      ...config.checkpoints,
      onCheckpoint: (c) => logger.info({ treeSize: c.treeSize, root: c.root }, 'checkpoint signed'),
      onError: (err) => logger.error({ err }, 'checkpoint failed'),
    });
    stoppers.push(() => checkpointing.stop());
    const bus = createMemoryBus({
      topology: { namespace: config.shared.SHIPLOG_NAMESPACE, jobQueues: workerJobQueues },
      logger,
    });
    stoppers.push(() => bus.close());
    const ingest = await startIngest({
      bus,
      store,
      logger,
      durable: config.shared.SHIPLOG_INGEST_DURABLE,
      ackWaitMs: config.shared.SHIPLOG_INGEST_ACK_WAIT_MS,
      policy: { approvalEnvironments: config.shared.SHIPLOG_APPROVAL_ENVIRONMENTS },
    });
    stoppers.push(() => ingest.stop());

    const workers: WorkerKind[] = [WorkerQueue.Build, WorkerQueue.Sbom];
    if (config.signing !== undefined) workers.push(WorkerQueue.Sign);
    const recorder = createRecorder({ store, producer: ProducerIdentity.Workers });
    const secrets = createRedactor(...configuredSecrets(config.worker));
    const context = {
      bus,
      store,
      recorder,
      artifacts: createLocalArtifactStore(resolve(cwd, config.worker.SHIPLOG_ARTIFACTS_DIR)),
      logger: redactingLogger(logger, secrets),
      workspace: resolve(cwd, config.worker.SHIPLOG_WORKSPACE ?? '.'),
      secrets,
      recipeEnv: recipeEnvOf(options.env),
      sourceDateEpoch: config.worker.SHIPLOG_SOURCE_DATE_EPOCH,
      now: () => new Date(),
      ...(config.signing === undefined ? {} : { signing: config.signing }),
    };
    for (const kind of workers) {
      const runner = config.worker.SHIPLOG_WORKER_RUNNER ?? `${kind}@${hostname()}#${process.pid}`;
      const consumption = await startWorker(
        kind,
        { ...context, runner },
        {
          platforms: config.worker.SHIPLOG_WORKER_PLATFORMS,
          ackWaitMs: config.worker.SHIPLOG_WORKER_ACK_WAIT_MS,
        },
      );
      stoppers.push(() => consumption.stop());
    }

    const projectionsPath = projectionsPathFor(connection, cwd);
    const projections = await openProjections({
      store,
      path: projectionsPath,
      snapshotProducers: snapshotProducers(config.shared.SHIPLOG_SNAPSHOT_PRODUCERS),
    });
    stoppers.push(() => projections.close());
    const following = new AbortController();
    const followed = projections
      .follow({ signal: following.signal })
      .catch((err: unknown) => logger.error({ err }, 'projections stopped following the log'));
    stoppers.push(async () => {
      following.abort();
      await followed;
    });

    const api = createApiServer({
      store,
      tokens: config.tokens,
      logger,
      gatePolicy: config.gatePolicy,
      ledgerPolicy: { approvalEnvironments: config.shared.SHIPLOG_APPROVAL_ENVIRONMENTS },
      maxBodyBytes: config.api.SHIPLOG_API_MAX_BODY_BYTES,
      projections,
      latestCheckpoint: () => checkpoints.latest(),
      releaseStatus: (id) => readReleaseStatus(store, id),
      fetchDocument: (digest) => context.artifacts.get(digest).catch(() => undefined),
      auditBundle: (dir) =>
        exportAuditBundle({
          store,
          checkpoints: checkpoints.list(),
          verifierKey: key.signer.verifierKey,
          dir,
          densePositions: densePositionsOf(connection),
          fetchDocument: (digest) => context.artifacts.get(digest).catch(() => undefined),
        }),
    });
    const { url } = await api.listen({ port: options.port, host: options.host });
    stoppers.push(() => api.close());
    logger.info({ url, workers }, 'dev started');
    let stopping: Promise<void> | undefined;
    return {
      store: connection,
      projections: projectionsPath,
      url,
      workers,
      checkpointKey: {
        publicKey: key.signer.verifierKey,
        ...(key.generated === undefined ? {} : { generated: key.generated }),
      },
      stop: () => (stopping ??= stopAll(stoppers, logger)),
    };
  } catch (err) {
    await stopAll(stoppers, logger);
    throw err;
  }
}
