import type { NatsBusOptions } from '@shiplog/bus';
import { producerPattern } from '@shiplog/ledger';
import { z } from 'zod';

const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0),
);

/** The environment every shiplog service and the CLI share (DESIGN.md: configuration). */
export const shiplogEnvSchema = z.object({
  SHIPLOG_STORE: z
    .string()
    .regex(
      /^(sqlite:.+|esdb(\+discover)?:\/\/.+|kurrentdb(\+discover)?:\/\/.+)$/,
      'must be sqlite:<path>, esdb://… or kurrentdb://…',
    )
    .default('sqlite:./.shiplog/ledger.db'),
  SHIPLOG_NATS_URL: z.string().min(1).optional(),
  SHIPLOG_NATS_USER: z.string().min(1).optional(),
  SHIPLOG_NATS_PASSWORD: z.string().min(1).optional(),
  SHIPLOG_NATS_TOKEN: z.string().min(1).optional(),
  SHIPLOG_NATS_CREDS: z.string().min(1).optional(),
  // A PEM file of the CA that signed the NATS servers' certificate: connect over TLS, trusting it.
  SHIPLOG_NATS_TLS_CA: z.string().min(1).optional(),
  // JetStream keeps at most 5 copies; 3 survives one node lost, 5 two. More than the cluster's
  // nodes is refused by the server when the streams are created.
  SHIPLOG_NATS_REPLICAS: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be 1, 3 or 5 (copies of each stream; at most 5)')
    .max(5, 'must be 1, 3 or 5 (copies of each stream; at most 5)')
    .default(1),
  SHIPLOG_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lowercase letters, digits, _ or -')
    .default('shiplog'),
  SHIPLOG_APPROVAL_ENVIRONMENTS: csv.default(['production']),
  // Producers besides `local` and shiplog's own whose snapshots `deployed` counts as observed.
  SHIPLOG_SNAPSHOT_PRODUCERS: csv
    .pipe(
      z.array(
        z
          .string()
          .regex(
            producerPattern,
            'must be a producer identity (api:ops, nats:snapshotter) or a prefix ending in *',
          ),
      ),
    )
    .default([]),
  SHIPLOG_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHIPLOG_INGEST_DURABLE: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('ingest'),
  // How long `shiplog emit` (over NATS) waits for each answer; it tries 5 times with the same id.
  SHIPLOG_EMIT_ANSWER_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  SHIPLOG_INGEST_ACK_WAIT_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(30_000),
});
export type ShiplogConfig = Readonly<z.infer<typeof shiplogEnvSchema>>;

/** Thrown when the environment is wrong; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Parses the shiplog variables of an environment once; the result is frozen. */
export function parseShiplogConfig(env: Readonly<Record<string, string | undefined>>): ShiplogConfig {
  const picked = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => k.startsWith('SHIPLOG_') && v !== ''),
  );
  const result = shiplogEnvSchema.safeParse(picked);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`bad shiplog configuration:\n  ${lines.join('\n  ')}`);
  }
  return Object.freeze(result.data);
}

/** NATS connection options from the configuration; undefined when no NATS URL is set (embedded). */
export function natsOptionsOf(config: ShiplogConfig, name: string): NatsBusOptions | undefined {
  if (config.SHIPLOG_NATS_URL === undefined) return undefined;
  return {
    servers: config.SHIPLOG_NATS_URL,
    name,
    topology: { namespace: config.SHIPLOG_NAMESPACE, replicas: config.SHIPLOG_NATS_REPLICAS },
    ...(config.SHIPLOG_NATS_USER === undefined ? {} : { user: config.SHIPLOG_NATS_USER }),
    ...(config.SHIPLOG_NATS_PASSWORD === undefined ? {} : { password: config.SHIPLOG_NATS_PASSWORD }),
    ...(config.SHIPLOG_NATS_TOKEN === undefined ? {} : { token: config.SHIPLOG_NATS_TOKEN }),
    ...(config.SHIPLOG_NATS_CREDS === undefined ? {} : { credsFile: config.SHIPLOG_NATS_CREDS }),
    ...natsTlsOf(config),
  };
}

// TLS when a CA is named, or when a server URL says tls:// (then the system's CAs are trusted).
function natsTlsOf(config: ShiplogConfig): Pick<NatsBusOptions, 'tls'> {
  if (config.SHIPLOG_NATS_TLS_CA !== undefined) return { tls: { caFile: config.SHIPLOG_NATS_TLS_CA } };
  return /(^|,)\s*tls:\/\//.test(config.SHIPLOG_NATS_URL ?? '') ? { tls: {} } : {};
}
