import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import {
  ConfigError,
  createLogger,
  parseShiplogConfig,
  readConfigFile,
  readGatePolicy,
  stopSignal,
} from '@shiplog/config';
import {
  checkpointsPathFor,
  exportAuditBundle,
  readCheckpoints,
  readLatestCheckpoint,
} from '@shiplog/checkpoint';
import { openProjections, projectionsPathFor } from '@shiplog/projections';
import { snapshotProducers } from '@shiplog/ledger';
import { openStore } from '@shiplog/store';
import type { EventStore } from '@shiplog/store';
import { parseApiConfig } from './apiConfig.ts';
import type { ApiConfig } from './apiConfig.ts';
import { createApiServer } from './apiServer.ts';
import { parseApiTokens } from './apiTokens.ts';
import type { ApiToken } from './apiTokens.ts';
import { ApiError } from './errors.ts';

async function loadTokens(config: ApiConfig, cwd: string): Promise<ApiToken[]> {
  const tokens: ApiToken[] = [];
  if (config.SHIPLOG_API_TOKENS !== undefined)
    tokens.push(...parseApiTokens(config.SHIPLOG_API_TOKENS, 'SHIPLOG_API_TOKENS'));
  if (config.SHIPLOG_API_TOKENS_FILE !== undefined) {
    const text = await readConfigFile('SHIPLOG_API_TOKENS_FILE', config.SHIPLOG_API_TOKENS_FILE, cwd);
    tokens.push(...parseApiTokens(text, 'SHIPLOG_API_TOKENS_FILE'));
  }
  return tokens;
}

/**
 * `shiplog serve api`: runs the HTTP API from the environment (SHIPLOG_API_HOST, SHIPLOG_API_PORT,
 * SHIPLOG_API_TOKENS | SHIPLOG_API_TOKENS_FILE, SHIPLOG_API_TLS_CERT + SHIPLOG_API_TLS_KEY,
 * SHIPLOG_GATE_POLICY, SHIPLOG_STORE) until
 * SIGINT/SIGTERM. Resolves to the process exit code. `releaseStatus` reads a release's status for
 * `GET /v1/releases/{id}` and `fetchDocument` the SBOMs and signature bundles for
 * `GET /v1/documents/{digest}` and `GET /v1/audit-bundle` (the workers' readers, handed in by the command line).
 */
export async function runApi(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  options: {
    readonly releaseStatus?: (store: EventStore, id: string) => Promise<unknown>;
    /** The SBOM or signature bundle with this digest, for audit bundles (the workers' artifact store). */
    readonly fetchDocument?: (digest: string) => Promise<Uint8Array | undefined>;
  } = {},
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
  const gatePolicy = await readGatePolicy(config.SHIPLOG_GATE_POLICY, cwd, 'SHIPLOG_GATE_POLICY');
  const tls =
    config.SHIPLOG_API_TLS_CERT === undefined || config.SHIPLOG_API_TLS_KEY === undefined
      ? undefined
      : {
          cert: await readConfigFile('SHIPLOG_API_TLS_CERT', config.SHIPLOG_API_TLS_CERT, cwd),
          key: await readConfigFile('SHIPLOG_API_TLS_KEY', config.SHIPLOG_API_TLS_KEY, cwd),
        };
  if (shared.SHIPLOG_STORE.startsWith('sqlite:'))
    await mkdir(dirname(resolve(cwd, shared.SHIPLOG_STORE.slice('sqlite:'.length))), { recursive: true });
  const { releaseStatus } = options;
  const stopped = stopSignal();
  const store = await openStore(shared.SHIPLOG_STORE, { cwd });
  const projections = await openProjections({
    store,
    path: projectionsPathFor(shared.SHIPLOG_STORE, cwd),
    snapshotProducers: snapshotProducers(shared.SHIPLOG_SNAPSHOT_PRODUCERS),
  });
  const api = createApiServer({
    store,
    tokens,
    logger,
    gatePolicy,
    ledgerPolicy: { approvalEnvironments: shared.SHIPLOG_APPROVAL_ENVIRONMENTS },
    maxBodyBytes: config.SHIPLOG_API_MAX_BODY_BYTES,
    projections,
    ...(tls === undefined ? {} : { tls }),
    latestCheckpoint: () => readLatestCheckpoint(checkpointsPathFor(shared.SHIPLOG_STORE, cwd)),
    ...(releaseStatus === undefined ? {} : { releaseStatus: (id: string) => releaseStatus(store, id) }),
    ...(options.fetchDocument === undefined ? {} : { fetchDocument: options.fetchDocument }),
    auditBundle: (dir) =>
      exportAuditBundle({
        store,
        checkpoints: readCheckpoints(checkpointsPathFor(shared.SHIPLOG_STORE, cwd)),
        dir,
        densePositions: shared.SHIPLOG_STORE.startsWith('sqlite:'),
        ...(options.fetchDocument === undefined ? {} : { fetchDocument: options.fetchDocument }),
      }),
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
