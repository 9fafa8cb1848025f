import { createHash, randomBytes } from 'node:crypto';
import { parseApiConfig, parseApiTokens } from '@shiplog/api';
import type { ApiConfig, ApiToken } from '@shiplog/api';
import { ConfigError, parseShiplogConfig, readConfigFile, readGatePolicy } from '@shiplog/config';
import type { ShiplogConfig } from '@shiplog/config';
import type { GatePolicy } from '@shiplog/ledger';
import { parseWorkerConfig } from '@shiplog/workers';
import type { WorkerConfig } from '@shiplog/workers';
import { checkpointScheduleOf } from '../checkpointSetup.ts';
import type { CheckpointSchedule } from '../checkpointSetup.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** Everything `shiplog dev` runs by, read from the environment once. */
export interface DevConfig {
  readonly shared: ShiplogConfig;
  readonly api: ApiConfig;
  readonly worker: WorkerConfig;
  readonly tokens: readonly ApiToken[];
  /** The admin token made for this run when none is configured: printed once, never logged. */
  readonly generatedToken?: string;
  /** Local-key signing for the sign worker; without it the sign worker does not run. */
  readonly signing?: { readonly kind: 'key'; readonly privateKey: string; readonly keyHint: string };
  readonly gatePolicy: GatePolicy;
  /** When checkpoints are signed (SHIPLOG_CHECKPOINT_EVERY / SHIPLOG_CHECKPOINT_INTERVAL). */
  readonly checkpoints: CheckpointSchedule;
}

async function tokensOf(api: ApiConfig, cwd: string): Promise<ApiToken[]> {
  const tokens: ApiToken[] = [];
  if (api.SHIPLOG_API_TOKENS !== undefined)
    tokens.push(...parseApiTokens(api.SHIPLOG_API_TOKENS, 'SHIPLOG_API_TOKENS'));
  if (api.SHIPLOG_API_TOKENS_FILE !== undefined) {
    const text = await readConfigFile('SHIPLOG_API_TOKENS_FILE', api.SHIPLOG_API_TOKENS_FILE, cwd);
    tokens.push(...parseApiTokens(text, 'SHIPLOG_API_TOKENS_FILE'));
  }
  return tokens;
}

/**
 * Reads the configuration of `shiplog dev`: the shared, API and worker variables, as
 * `shiplog serve` reads them, minus what the embedded mode replaces (NATS, OCI artifacts).
 * With no API token configured, makes an admin token for this run. Errors name the setting.
 */
export async function loadDevConfig(env: Env, cwd: string): Promise<DevConfig> {
  const shared = parseShiplogConfig(env);
  if (shared.SHIPLOG_NATS_URL !== undefined) {
    throw new ConfigError(
      'SHIPLOG_NATS_URL is set, but shiplog dev runs its own in-process bus: unset it, or run the services with shiplog serve',
    );
  }
  const tokensConfigured =
    (env.SHIPLOG_API_TOKENS ?? '') !== '' || (env.SHIPLOG_API_TOKENS_FILE ?? '') !== '';
  const generatedToken = tokensConfigured ? undefined : randomBytes(32).toString('base64url');
  const generatedSpec =
    generatedToken === undefined
      ? {}
      : { SHIPLOG_API_TOKENS: `dev:admin:${createHash('sha256').update(generatedToken).digest('hex')}` };
  // The API refuses to start without tokens; here the generated one stands in for them.
  const api = parseApiConfig({ ...env, ...generatedSpec });
  // The workers' schema asks for the NATS URL `serve worker` needs; dev's bus needs none.
  const worker = parseWorkerConfig({ ...env, SHIPLOG_NATS_URL: 'in-process' });
  if (worker.SHIPLOG_ARTIFACTS_OCI !== undefined) {
    throw new ConfigError(
      'SHIPLOG_ARTIFACTS_OCI is not supported by shiplog dev (artifacts stay in SHIPLOG_ARTIFACTS_DIR): unset it',
    );
  }
  const tokens = await tokensOf(api, cwd);
  const gatePolicy = await readGatePolicy(api.SHIPLOG_GATE_POLICY, cwd, 'SHIPLOG_GATE_POLICY');
  const { SHIPLOG_SIGNING_KEY_FILE: keyFile, SHIPLOG_SIGNING_KEY_HINT: keyHint } = worker;
  const signing =
    keyFile === undefined || keyHint === undefined
      ? undefined
      : {
          kind: 'key' as const,
          privateKey: await readConfigFile('SHIPLOG_SIGNING_KEY_FILE', keyFile, cwd),
          keyHint,
        };
  let checkpoints: CheckpointSchedule;
  try {
    checkpoints = checkpointScheduleOf(env);
  } catch (err) {
    throw new ConfigError(err instanceof Error ? err.message : String(err));
  }
  return Object.freeze({
    shared,
    checkpoints,
    api,
    worker,
    tokens,
    gatePolicy,
    ...(generatedToken === undefined ? {} : { generatedToken }),
    ...(signing === undefined ? {} : { signing }),
  });
}
