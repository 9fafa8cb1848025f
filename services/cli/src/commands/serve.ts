import { runIngest } from '@shiplog/ingest';
import { runApi } from '@shiplog/api';
import { resolve } from 'node:path';
import { createLocalArtifactStore, readReleaseStatus, runWorker, WorkerQueue } from '@shiplog/workers';
import type { Command, CommandIo } from '../command.ts';
import { UsageError } from '../command.ts';
import type { ExitCode } from '../exitCodes.ts';
import { runCheckpointer } from './serveCheckpoint.ts';

/** Each service, with the arguments it takes after its name. */
const services: Readonly<
  Record<string, { args: number; run: (io: CommandIo, args: readonly string[]) => Promise<number> }>
> = {
  ingest: { args: 0, run: (io) => runIngest(io.env, io.cwd) },
  api: {
    args: 0,
    run: (io) => {
      const artifacts = createLocalArtifactStore(
        resolve(io.cwd, io.env.SHIPLOG_ARTIFACTS_DIR || './.shiplog/artifacts'),
      );
      return runApi(io.env, io.cwd, {
        releaseStatus: readReleaseStatus,
        fetchDocument: (digest) => artifacts.get(digest).catch(() => undefined),
      });
    },
  },
  checkpoint: { args: 0, run: (io) => runCheckpointer(io) },
  worker: {
    args: 1,
    run: (io, [kind = '']) => {
      const kinds: readonly string[] = Object.values(WorkerQueue);
      if (!kinds.includes(kind)) throw new UsageError(`unknown worker kind '${kind}' (${kinds.join(', ')})`);
      return runWorker(kind, io.env, io.cwd);
    },
  },
};

const usage = `usage: shiplog serve ingest|api|checkpoint|worker <kind>

Runs one shiplog service in the foreground, configured from the environment, until SIGINT/SIGTERM.

services:
  ingest   consume shiplog.events.> from NATS JetStream into the ledger (needs SHIPLOG_NATS_URL)
  worker <build|sbom|sign>
           take jobs of one kind from the NATS work queues (SHIPLOG_WORKER_PLATFORMS, SHIPLOG_ARTIFACTS_DIR,
           SHIPLOG_SIGNING_KEY_FILE + _HINT or SHIPLOG_FULCIO_URL + SHIPLOG_REKOR_URL + SHIPLOG_OIDC_TOKEN)
  api      the HTTP API (SHIPLOG_API_HOST, SHIPLOG_API_PORT, SHIPLOG_API_TOKENS|_FILE, SHIPLOG_GATE_POLICY,
           SHIPLOG_API_TLS_CERT + SHIPLOG_API_TLS_KEY for HTTPS)
  checkpoint
           sign checkpoints of the log as it grows (SHIPLOG_CHECKPOINT_KEY|_FILE, SHIPLOG_CHECKPOINT_EVERY,
           SHIPLOG_CHECKPOINT_INTERVAL); prints its public key in its first log lines

environment: SHIPLOG_STORE, SHIPLOG_NATS_URL, SHIPLOG_NATS_USER/PASSWORD | SHIPLOG_NATS_TOKEN |
SHIPLOG_NATS_CREDS, SHIPLOG_NATS_TLS_CA, SHIPLOG_NATS_REPLICAS, SHIPLOG_NAMESPACE,
SHIPLOG_INGEST_DURABLE, SHIPLOG_APPROVAL_ENVIRONMENTS, SHIPLOG_LOG_LEVEL (logs are JSON on stderr)`;

async function run(args: readonly string[], io: CommandIo): Promise<ExitCode> {
  const [name, ...rest] = args;
  if (name === undefined) throw new UsageError('name a service');
  const service = services[name];
  if (service === undefined)
    throw new UsageError(`unknown service '${name}' (available: ${Object.keys(services).join(', ')})`);
  if (rest.length !== service.args) {
    throw new UsageError(
      service.args === 0
        ? `unexpected arguments: ${rest.join(' ')}`
        : `serve ${name} takes ${service.args} argument`,
    );
  }
  return (await service.run(io, rest)) as ExitCode;
}

/** `shiplog serve <service>`: one service, configured from the environment. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'run one service (ingest, api, checkpoint, worker <kind>) from the environment',
  usage,
  run,
};
