import { createLogger, stopSignal } from '@shiplog/config';
import type { Command, CommandIo } from '../command.ts';
import { UsageError } from '../command.ts';
import { ExitCode } from '../exitCodes.ts';
import { loadDevConfig } from './devConfig.ts';
import { startDev } from './devRuntime.ts';
import type { DevRuntime } from './devRuntime.ts';

const usage = `usage: shiplog dev [--port N] [--host HOST] [--json]

Runs the embedded all-in-one in the foreground until SIGINT/SIGTERM: the ledger (SHIPLOG_STORE,
default sqlite:./.shiplog/ledger.db), the in-process bus, ingest, the build and sbom workers
(and sign, given SHIPLOG_SIGNING_KEY_FILE + SHIPLOG_SIGNING_KEY_HINT), the live projections and the
HTTP API. Without SHIPLOG_API_TOKENS or SHIPLOG_API_TOKENS_FILE, an admin token is made for this run
and printed once on stderr. Checkpoints of the log are signed every SHIPLOG_CHECKPOINT_EVERY records
(default 1000) or SHIPLOG_CHECKPOINT_INTERVAL seconds (default 60), and on stop, with
SHIPLOG_CHECKPOINT_KEY(_FILE), else checkpoint.key beside the ledger (made on first use).

  --port N       the API's port (default: $SHIPLOG_API_PORT, else 8080; 0 picks a free one)
  --host HOST    the API's address (default: $SHIPLOG_API_HOST, else 127.0.0.1)
  --json         once everything is up, one JSON document on stdout
                 {store, projections, api: {url, openapi, web}, bus, workers, checkpoints: {publicKey}, token?}

environment: as shiplog serve, without SHIPLOG_NATS_URL (logs are JSON on stderr)
exit: 0 stopped by a signal, 1 bad configuration or a failure to start, 2 usage error`;

export interface DevArgs {
  readonly port: number | undefined;
  readonly host: string | undefined;
  readonly json: boolean;
}

function portOf(text: string | undefined): number {
  if (text === undefined || !/^\d{1,5}$/.test(text) || Number(text) > 65_535)
    throw new UsageError('--port takes a port number from 0 to 65535');
  return Number(text);
}

function hostOf(text: string | undefined): string {
  if (text === undefined || text.length === 0 || text.startsWith('-'))
    throw new UsageError('--host needs an address');
  return text;
}

/** Reads the words of `shiplog dev`; throws `UsageError` on anything else. */
export function parseDevArgs(args: readonly string[]): DevArgs {
  let port: number | undefined;
  let host: string | undefined;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--json') json = true;
    else if (arg === '--port') port = portOf(args[++i]);
    else if (arg.startsWith('--port=')) port = portOf(arg.slice('--port='.length));
    else if (arg === '--host') host = hostOf(args[++i]);
    else if (arg.startsWith('--host=')) host = hostOf(arg.slice('--host='.length));
    else throw new UsageError(`unexpected argument '${arg}'`);
  }
  return { port, host, json };
}

/** The store as shown to the user: a password in a connection string is masked. */
export function displayStore(connection: string): string {
  if (connection.startsWith('sqlite:')) return connection;
  try {
    const url = new URL(connection);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return connection.replace(/\/\/[^@/]*@/, '//***@');
  }
}

function summary(runtime: DevRuntime, token: string | undefined): object {
  return {
    store: displayStore(runtime.store),
    projections: runtime.projections,
    api: { url: runtime.url, openapi: `${runtime.url}/v1/openapi.json`, web: `${runtime.url}/` },
    bus: 'in-process',
    workers: runtime.workers,
    checkpoints: { publicKey: runtime.checkpointKey.publicKey },
    ...(token === undefined ? {} : { token }),
  };
}

function humanSummary(runtime: DevRuntime, signing: boolean): string {
  const lines = [
    'shiplog dev is running (Ctrl-C stops it)',
    `  ledger       ${displayStore(runtime.store)}`,
    `  projections  ${runtime.projections} (kept live)`,
    `  api          ${runtime.url}  (OpenAPI: ${runtime.url}/v1/openapi.json)`,
    `  web view     ${runtime.url}/  (sign in with an auditor or admin token)`,
    `  bus          in-process`,
    `  workers      ${runtime.workers.join(', ')}`,
    `  checkpoints  signed as the log grows; public key (keep it elsewhere): ${runtime.checkpointKey.publicKey}`,
  ];
  if (!signing)
    lines.push('  sign         not running: set SHIPLOG_SIGNING_KEY_FILE + SHIPLOG_SIGNING_KEY_HINT to sign');
  return `${lines.join('\n')}\n`;
}

async function run(args: readonly string[], io: CommandIo): Promise<ExitCode> {
  const options = parseDevArgs(args);
  const config = await loadDevConfig(io.env, io.cwd);
  const logger = createLogger('dev', config.shared.SHIPLOG_LOG_LEVEL);
  // Listening from the start: a signal during start-up stops the process cleanly once it is up.
  const stopped = stopSignal();
  const runtime = await startDev({
    config,
    logger,
    cwd: io.cwd,
    env: io.env,
    port: options.port ?? config.api.SHIPLOG_API_PORT,
    host: options.host ?? config.api.SHIPLOG_API_HOST,
  });
  const token = config.generatedToken;
  // The token reaches the terminal once, never the logger (logs are often shipped elsewhere).
  if (token !== undefined) io.stderr.write(`shiplog dev: API token for this run (role admin): ${token}\n`);
  const madeKey = runtime.checkpointKey.generated;
  if (madeKey !== undefined) io.stderr.write(`shiplog dev: made a checkpoint key in ${madeKey}\n`);
  io.stdout.write(
    options.json
      ? `${JSON.stringify(summary(runtime, token))}\n`
      : humanSummary(runtime, config.signing !== undefined),
  );
  const signal = await stopped;
  logger.info({ signal }, 'dev stopping');
  await runtime.stop();
  logger.info('dev stopped');
  return ExitCode.Done;
}

/** `shiplog dev`: the embedded all-in-one process. */
export const devCommand: Command = {
  name: 'dev',
  summary: 'embedded all-in-one: store, bus, ingest, workers, projections, api',
  usage,
  run,
};
