import { runIngest } from '@shiplog/ingest';
import type { Command, CommandIo } from '../command.ts';
import { UsageError } from '../command.ts';
import type { ExitCode } from '../exitCodes.ts';

const services: Readonly<Record<string, (io: CommandIo) => Promise<number>>> = {
  ingest: (io) => runIngest(io.env, io.cwd),
};

const usage = `usage: shiplog serve <service>

Runs one shiplog service in the foreground, configured from the environment, until SIGINT/SIGTERM.

services:
  ingest   consume shiplog.events.> from NATS JetStream into the ledger (needs SHIPLOG_NATS_URL)

environment: SHIPLOG_STORE, SHIPLOG_NATS_URL, SHIPLOG_NATS_USER/PASSWORD | SHIPLOG_NATS_TOKEN |
SHIPLOG_NATS_CREDS, SHIPLOG_NAMESPACE, SHIPLOG_INGEST_DURABLE, SHIPLOG_APPROVAL_ENVIRONMENTS,
SHIPLOG_LOG_LEVEL (logs are JSON on stderr)`;

async function run(args: readonly string[], io: CommandIo): Promise<ExitCode> {
  const [name, ...rest] = args;
  if (name === undefined) throw new UsageError('name a service');
  const service = services[name];
  if (service === undefined)
    throw new UsageError(`unknown service '${name}' (available: ${Object.keys(services).join(', ')})`);
  if (rest.length > 0) throw new UsageError(`unexpected arguments: ${rest.join(' ')}`);
  return (await service(io)) as ExitCode;
}

/** `shiplog serve <service>`: one service, configured from the environment. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'run one service (ingest) from the environment',
  usage,
  run,
};
