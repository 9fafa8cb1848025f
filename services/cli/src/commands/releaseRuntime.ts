import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createMemoryBus, createNatsBus } from '@shiplog/bus';
import type { Bus } from '@shiplog/bus';
import { ConfigError, createLogger, natsOptionsOf } from '@shiplog/config';
import { ProducerIdentity, createRecorder } from '@shiplog/ledger';
import type { GatePolicy } from '@shiplog/ledger';
import { openStore } from '@shiplog/store';
import type { EventStore } from '@shiplog/store';
import {
  artifactStoreOf,
  configuredSecrets,
  createRedactor,
  ensureTopologyIfAllowed,
  parseWorkerConfig,
  redactingLogger,
  recipeEnvOf,
  registryCredential,
  signingOf,
  workerJobQueues,
} from '@shiplog/workers';
import type { GithubReleaseTarget, PublishAccess, WorkerContext } from '@shiplog/workers';
import { createGithubClient } from '@shiplog/workers';
import { hostname } from 'node:os';
import { loadGatePolicy } from './gatePolicyFile.ts';
import type { CommandIo } from '../command.ts';

/** What a release run works with, opened from the environment; `close` releases it all. */
export interface ReleaseRuntime {
  readonly ctx: WorkerContext;
  readonly access: PublishAccess;
  readonly policy: GatePolicy;
  /** SHIPLOG_WORKSPACE when set: what the run records the manifest's directory relative to. */
  readonly workspace?: string;
  /** The GitHub Release step's target, when SHIPLOG_GITHUB_TOKEN is set. */
  readonly github?: GithubReleaseTarget;
  /** True on the embedded default: the build, SBOM and sign workers run in this process. */
  readonly inProcessWorkers: boolean;
  close(): Promise<void>;
}

/** Opens the ledger a release command reads (sqlite files are created for run, never for status). */
export async function openReleaseStore(
  connection: string,
  cwd: string,
  create: boolean,
): Promise<EventStore> {
  if (create && connection.startsWith('sqlite:') && connection !== 'sqlite::memory:')
    await mkdir(dirname(resolve(cwd, connection.slice('sqlite:'.length))), { recursive: true });
  return openStore(connection, { create, cwd });
}

/**
 * The runtime of `release run|resume`: the worker configuration from the environment (the same
 * variables `serve worker` reads; SHIPLOG_NATS_URL unset means in-process workers on an in-process
 * bus), the ledger, the artifact store, signing and registry credentials.
 */
export async function openReleaseRuntime(
  io: CommandIo,
  options: {
    readonly store: string;
    readonly policy?: string;
    /** False for a command that signs nothing here (`release add-artifact`). Default true. */
    readonly signs?: boolean;
  },
): Promise<ReleaseRuntime> {
  const natsUrl = io.env['SHIPLOG_NATS_URL'];
  const embedded = natsUrl === undefined || natsUrl === '';
  const config = parseWorkerConfig({
    ...io.env,
    SHIPLOG_STORE: options.store,
    SHIPLOG_NATS_URL: embedded ? 'in-process' : natsUrl,
  });
  const signing = await signingOf(config, io.cwd);
  if (embedded && signing === undefined && options.signs !== false) {
    throw new ConfigError(
      'signing is part of a release: set SHIPLOG_SIGNING_KEY_FILE + SHIPLOG_SIGNING_KEY_HINT (or SHIPLOG_FULCIO_URL + SHIPLOG_REKOR_URL + SHIPLOG_OIDC_TOKEN)',
    );
  }
  const policy = await loadGatePolicy(options.policy, io);
  // Quiet unless asked: stderr carries the run's progress lines.
  // Every credential redacted from what is recorded, logged or printed, minted tokens too (below).
  const secrets = createRedactor(...configuredSecrets(config));
  const logger = redactingLogger(createLogger('release', io.env['SHIPLOG_LOG_LEVEL'] ?? 'warn'), secrets);
  const workspace =
    config.SHIPLOG_WORKSPACE === undefined ? undefined : resolve(io.cwd, config.SHIPLOG_WORKSPACE);
  const github = githubTargetOf(io.env);
  if (github !== undefined) secrets.add(github.token);
  const store = await openReleaseStore(options.store, io.cwd, true);
  let bus: Bus;
  try {
    const nats = embedded
      ? undefined
      : natsOptionsOf({ ...config, SHIPLOG_NATS_URL: natsUrl }, 'shiplog-release');
    bus =
      nats === undefined
        ? createMemoryBus({ topology: { namespace: config.SHIPLOG_NAMESPACE, jobQueues: workerJobQueues } })
        : await createNatsBus({
            ...nats,
            topology: { ...nats.topology, jobQueues: workerJobQueues },
          });
  } catch (err) {
    await store.close();
    throw err;
  }
  try {
    // A release account may only put jobs on their queues; ingest (or an operator) creates the streams.
    await ensureTopologyIfAllowed(bus);
  } catch (err) {
    await bus.close();
    await store.close();
    throw err;
  }
  const ctx: WorkerContext = {
    bus,
    store,
    recorder: createRecorder({ store, producer: ProducerIdentity.Release }),
    artifacts: artifactStoreOf(config, io.cwd),
    logger,
    runner: config.SHIPLOG_WORKER_RUNNER ?? `release@${hostname()}#${process.pid}`,
    workspace: workspace ?? io.cwd,
    secrets,
    recipeEnv: recipeEnvOf(io.env),
    sourceDateEpoch: config.SHIPLOG_SOURCE_DATE_EPOCH,
    ...(signing === undefined ? {} : { signing }),
    now: () => new Date(),
  };
  return {
    ctx,
    ...(github === undefined ? {} : { github: github.target }),
    access: {
      credential: async (pkg) => {
        const credential = await registryCredential(pkg, { env: io.env });
        secrets.add(credential);
        return credential;
      },
    },
    ...(workspace === undefined ? {} : { workspace }),
    policy,
    inProcessWorkers: embedded,
    close: async () => {
      await bus.close();
      await store.close();
    },
  };
}

/**
 * The GitHub Release step runs when SHIPLOG_GITHUB_TOKEN is given: repository from
 * SHIPLOG_GITHUB_REPOSITORY (else GITHUB_REPOSITORY, as in Actions), API from SHIPLOG_GITHUB_API_URL
 * (else GITHUB_API_URL, else https://api.github.com), tag SHIPLOG_GITHUB_TAG (else v<version>).
 */
function githubTargetOf(
  env: CommandIo['env'],
): { readonly token: string; readonly target: GithubReleaseTarget } | undefined {
  const token = env['SHIPLOG_GITHUB_TOKEN'];
  if (token === undefined || token === '') return undefined;
  const repository = env['SHIPLOG_GITHUB_REPOSITORY'] || env['GITHUB_REPOSITORY'];
  if (repository === undefined || repository === '')
    throw new ConfigError(
      'SHIPLOG_GITHUB_TOKEN is set but no repository: set SHIPLOG_GITHUB_REPOSITORY=owner/name (GITHUB_REPOSITORY in Actions)',
    );
  const apiUrl = env['SHIPLOG_GITHUB_API_URL'] || env['GITHUB_API_URL'] || 'https://api.github.com';
  const tag = env['SHIPLOG_GITHUB_TAG'];
  return {
    token,
    target: {
      client: createGithubClient({ apiUrl, token }),
      repository,
      ...(tag === undefined || tag === '' ? {} : { tag }),
    },
  };
}
