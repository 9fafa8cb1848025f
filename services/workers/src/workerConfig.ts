import { shiplogEnvSchema } from '@shiplog/config';
import { z } from 'zod';
import { WorkerError, WorkerErrorCode } from './errors.ts';

const csv = z.string().transform((s) =>
  s
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0),
);

/**
 * The environment of a worker process (DESIGN.md: configuration), parsed once in `main.ts`: the
 * variables every shiplog service shares, plus the worker's own. Workers always need NATS.
 */
export const workerEnvSchema = shiplogEnvSchema.extend({
  SHIPLOG_NATS_URL: z.string().min(1),
  /** Platform labels this runner takes jobs for. */
  SHIPLOG_WORKER_PLATFORMS: csv
    .pipe(z.array(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/)).min(1))
    .default(['any']),
  SHIPLOG_WORKER_RUNNER: z.string().min(1).optional(),
  SHIPLOG_WORKER_ACK_WAIT_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(30_000),
  /**
   * Where a build worker's checkouts are: it builds from here plus the path the release run
   * recorded (default: the working directory). For `release run`, the directory that path is
   * recorded relative to (default: the manifest's directory).
   */
  SHIPLOG_WORKSPACE: z.string().min(1).optional(),
  /** The content-addressed artifact store (a local directory). */
  SHIPLOG_ARTIFACTS_DIR: z.string().min(1).default('./.shiplog/artifacts'),
  /** Or an OCI registry repository instead of the directory: `https://registry.example.com/shiplog/artifacts`. */
  SHIPLOG_ARTIFACTS_OCI: z
    .url()
    .regex(/^https?:\/\/[^/]+\/[a-z0-9]+([._/-][a-z0-9]+)*$/, 'must be http(s)://host/repository')
    .optional(),
  /** A bearer token for that registry, when it needs one. */
  SHIPLOG_ARTIFACTS_OCI_TOKEN: z.string().min(1).optional(),
  /** Builds' SOURCE_DATE_EPOCH (default 1980-01-01, the earliest a zip can hold). */
  SHIPLOG_SOURCE_DATE_EPOCH: z.coerce.number().int().min(315_532_800).default(315_532_800),
  /** Local-key signing: a PEM private key file and the hint verifiers know its public key by. */
  SHIPLOG_SIGNING_KEY_FILE: z.string().min(1).optional(),
  SHIPLOG_SIGNING_KEY_HINT: z.string().min(1).optional(),
  /** Keyless signing: Fulcio, Rekor and the OIDC token of the CI job. */
  SHIPLOG_FULCIO_URL: z.url().optional(),
  SHIPLOG_REKOR_URL: z.url().optional(),
  SHIPLOG_OIDC_TOKEN: z.string().min(1).optional(),
});
export type WorkerConfig = Readonly<z.infer<typeof workerEnvSchema>>;

/**
 * Every credential the configuration holds (NATS, artifact registry, OIDC): what the redactor of a
 * worker or release run starts from.
 */
export function configuredSecrets(config: WorkerConfig): (string | undefined)[] {
  return [
    config.SHIPLOG_NATS_PASSWORD,
    config.SHIPLOG_NATS_TOKEN,
    config.SHIPLOG_ARTIFACTS_OCI_TOKEN,
    config.SHIPLOG_OIDC_TOKEN,
  ];
}

/** Parses the `SHIPLOG_*` variables once; `CONFIG_INVALID` names every bad one. */
export function parseWorkerConfig(env: Readonly<Record<string, string | undefined>>): WorkerConfig {
  const known = new Set(Object.keys(workerEnvSchema.shape));
  const picked = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => known.has(k) && v !== undefined && v !== ''),
  );
  const result = workerEnvSchema.safeParse(picked);
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`,
    );
    throw new WorkerError(
      WorkerErrorCode.ConfigInvalid,
      `bad worker configuration:\n  ${lines.join('\n  ')}`,
    );
  }
  const config = result.data;
  if ((config.SHIPLOG_SIGNING_KEY_FILE === undefined) !== (config.SHIPLOG_SIGNING_KEY_HINT === undefined)) {
    throw new WorkerError(
      WorkerErrorCode.ConfigInvalid,
      'bad worker configuration:\n  SHIPLOG_SIGNING_KEY_FILE and SHIPLOG_SIGNING_KEY_HINT go together',
    );
  }
  return Object.freeze(config);
}
