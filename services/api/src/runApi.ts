import { mkdir, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigError, createLogger, parseShiplogConfig, stopSignal } from '@shiplog/ingest';
import { defaultGatePolicy, parseGatePolicy } from '@shiplog/ledger';
import type { GatePolicy } from '@shiplog/ledger';
import { openProjections, projectionsPathFor } from '@shiplog/projections';
import { openStore } from '@shiplog/store';
import { parseApiConfig } from './apiConfig.ts';
import type { ApiConfig } from './apiConfig.ts';
import { createApiServer } from './apiServer.ts';
import { parseApiTokens } from './apiTokens.ts';
import type { ApiToken } from './apiTokens.ts';
import { ApiError } from './errors.ts';

async function readConfigFile(path: string, cwd: string, what: string): Promise<string> {
  try {
    return await readFile(resolve(cwd, path), 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read ${what} ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

async function loadTokens(config: ApiConfig, cwd: string): Promise<ApiToken[]> {
  const tokens: ApiToken[] = [];
  if (config.SHIPLOG_API_TOKENS !== undefined)
    tokens.push(...parseApiTokens(config.SHIPLOG_API_TOKENS, 'SHIPLOG_API_TOKENS'));
  if (config.SHIPLOG_API_TOKENS_FILE !== undefined) {
    const text = await readConfigFile(config.SHIPLOG_API_TOKENS_FILE, cwd, 'SHIPLOG_API_TOKENS_FILE');
    tokens.push(...parseApiTokens(text, 'SHIPLOG_API_TOKENS_FILE'));
  }
  return tokens;
}

async function loadGatePolicy(config: ApiConfig, cwd: string): Promise<GatePolicy> {
  if (config.SHIPLOG_GATE_POLICY === undefined) return defaultGatePolicy;
  const text = await readConfigFile(config.SHIPLOG_GATE_POLICY, cwd, 'SHIPLOG_GATE_POLICY');
  try {
    return parseGatePolicy(JSON.parse(text));
  } catch (err) {
    throw new ConfigError(
      `SHIPLOG_GATE_POLICY ${config.SHIPLOG_GATE_POLICY}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/**
 * `shiplog serve api`: runs the HTTP API from the environment (SHIPLOG_API_HOST, SHIPLOG_API_PORT,
 * SHIPLOG_API_TOKENS | SHIPLOG_API_TOKENS_FILE, SHIPLOG_GATE_POLICY, SHIPLOG_STORE) until
 * SIGINT/SIGTERM. Resolves to the process exit code.
 */
export async function runApi(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): Promise<number> {
  const shared = parseShiplogConfig(env);
  let config: ApiConfig;
  try {
    config = parseApiConfig(env);
  } catch (err) {
    if (err instanceof ApiError) throw new ConfigError(err.message);
    throw err;
  }
  const logger = createLogger('api', shared.SHIPLOG_LOG_LEVEL);
  const tokens = await loadTokens(config, cwd).catch((err: unknown) => {
    throw err instanceof ApiError ? new ConfigError(err.message) : err;
  });
  const gatePolicy = await loadGatePolicy(config, cwd);
  if (shared.SHIPLOG_STORE.startsWith('sqlite:'))
    await mkdir(dirname(resolve(cwd, shared.SHIPLOG_STORE.slice('sqlite:'.length))), { recursive: true });
  const stopped = stopSignal();
  const store = await openStore(shared.SHIPLOG_STORE, { cwd });
  const projections = await openProjections({ store, path: projectionsPathFor(shared.SHIPLOG_STORE, cwd) });
  const api = createApiServer({
    store,
    tokens,
    logger,
    gatePolicy,
    ledgerPolicy: { approvalEnvironments: shared.SHIPLOG_APPROVAL_ENVIRONMENTS },
    maxBodyBytes: config.SHIPLOG_API_MAX_BODY_BYTES,
    projections,
  });
  try {
    const { url, port } = await api.listen({ port: config.SHIPLOG_API_PORT, host: config.SHIPLOG_API_HOST });
    logger.info({ url, port, tokens: tokens.length, gatePolicy: gatePolicy.id }, 'api listening');
    await stopped;
    logger.info('api stopping');
    await api.close();
  } finally {
    await projections.close();
    await store.close();
  }
  return 0;
}
