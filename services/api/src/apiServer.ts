import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRecorder, defaultGatePolicy } from '@shiplog/ledger';
import type { GatePolicy, LedgerPolicy } from '@shiplog/ledger';
import type { Projections } from '@shiplog/projections';
import type { EventStore } from '@shiplog/store';
import type { Logger } from 'pino';
import type { ApiContext, LatestCheckpoint } from './apiContext.ts';
import { checkpointRoutes } from './checkpointRoutes.ts';
import { allows, createAuthenticator } from './apiTokens.ts';
import type { ApiToken } from './apiTokens.ts';
import { ApiError, ApiErrorCode } from './errors.ts';
import { eventRoutes } from './eventRoutes.ts';
import { gateRoutes } from './gateRoutes.ts';
import { flatHeaders, readBody } from './httpBody.ts';
import { statusOf } from './httpStatus.ts';
import { openApiDocument } from './openApiDocument.ts';
import { readRoutes } from './readRoutes.ts';
import { matchPath } from './route.ts';
import { verifyRoutes } from './verifyRoutes.ts';
import { viewRoutes } from './viewRoutes.ts';
import { auditBundleRoutes } from './auditBundleRoutes.ts';
import { loadWebAssets, webHeaders } from './webAssets.ts';
import type { Route, RouteResponse } from './route.ts';

export interface ApiServerOptions {
  readonly store: EventStore;
  readonly tokens: readonly ApiToken[];
  readonly logger: Logger;
  /** The read models (`openProjections`); without them the read routes answer 503. */
  readonly projections?: Projections;
  /** The policy `/v1/gate` decides by (default: the built-in policy). */
  readonly gatePolicy?: GatePolicy;
  /** The policy the ledger judges recorded events by. */
  readonly ledgerPolicy?: LedgerPolicy;
  readonly maxBodyBytes?: number;
  readonly now?: () => Date;
  /** Serve HTTPS with this PEM certificate (chain) and private key instead of plain HTTP. */
  readonly tls?: { readonly cert: string; readonly key: string };
  /** The latest signed checkpoint (`GET /v1/checkpoint`); without it that route answers 404. */
  readonly latestCheckpoint?: () => LatestCheckpoint | undefined;
  /** A release's status (`GET /v1/releases/{id}`); without it that route answers 404. */
  readonly releaseStatus?: (id: string) => Promise<unknown>;
  /** Writes an audit bundle into an empty directory (`GET /v1/audit-bundle`); without it that route answers 404. */
  readonly auditBundle?: (dir: string) => Promise<{ readonly treeSize: number }>;
  /** SBOMs and signature bundles by digest (`GET /v1/documents/{digest}`); without it that route answers 404. */
  readonly fetchDocument?: (digest: string) => Promise<Uint8Array | undefined>;
}

export interface ApiServer {
  /** Every route the server answers, as the OpenAPI document lists them. */
  readonly routes: readonly Route[];
  /** Starts listening; resolves to the bound address (use `port: 0` for a free port). */
  listen(options: { readonly port: number; readonly host: string }): Promise<{ url: string; port: number }>;
  /** Stops accepting connections and closes idle ones; resolves when the server is closed. */
  close(): Promise<void>;
}

function send(
  response: ServerResponse,
  { status, body }: RouteResponse,
  extra: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...extra,
  });
  response.end(text);
}

function errorBody(err: ApiError): RouteResponse {
  const problems = err.problems.length === 0 ? {} : { problems: err.problems };
  return {
    status: statusOf(err.code),
    body: { error: { code: err.code, message: err.message, ...problems } },
  };
}

/**
 * Creates the HTTP API (node:http): bearer tokens with roles, the auditor's read routes, the gate,
 * CloudEvents ingest, and its OpenAPI 3.1 document at `/v1/openapi.json`.
 */
export function createApiServer(options: ApiServerOptions): ApiServer {
  const logger = options.logger.child({ component: 'api' });
  const context: ApiContext = {
    store: options.store,
    recorder: createRecorder({
      store: options.store,
      ...(options.ledgerPolicy === undefined ? {} : { policy: options.ledgerPolicy }),
      producer: 'api',
    }),
    ...(options.projections === undefined ? {} : { projections: options.projections }),
    gatePolicy: options.gatePolicy ?? defaultGatePolicy,
    now: options.now ?? (() => new Date()),
    ...(options.latestCheckpoint === undefined ? {} : { latestCheckpoint: options.latestCheckpoint }),
    ...(options.releaseStatus === undefined ? {} : { releaseStatus: options.releaseStatus }),
    ...(options.auditBundle === undefined ? {} : { auditBundle: options.auditBundle }),
    ...(options.fetchDocument === undefined ? {} : { fetchDocument: options.fetchDocument }),
  };
  const routes: Route[] = [
    ...readRoutes(context),
    ...gateRoutes(context),
    ...eventRoutes(context),
    ...verifyRoutes(context),
    ...checkpointRoutes(context),
    ...viewRoutes(context),
    ...auditBundleRoutes(context),
    {
      method: 'GET',
      path: '/v1/openapi.json',
      access: 'public',
      handle: () => Promise.resolve({ status: 200, body: openApiDocument }),
    },
    {
      method: 'GET',
      path: '/healthz',
      access: 'public',
      handle: () => Promise.resolve({ status: 200, body: { status: 'ok' } }),
    },
  ];
  const web = loadWebAssets();
  const authenticate = createAuthenticator(options.tokens);
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;

  async function answer(request: IncomingMessage): Promise<{ response: RouteResponse; caller?: ApiToken }> {
    const url = new URL(request.url ?? '/', 'http://api.invalid');
    const matching = routes
      .map((route) => ({ route, params: matchPath(route.path, url.pathname) }))
      .filter((m) => m.params !== undefined);
    if (matching.length === 0) throw new ApiError(ApiErrorCode.NotFound, `no route ${url.pathname}`);
    const found = matching.find((m) => m.route.method === request.method);
    if (found === undefined) {
      const methods = matching.map((m) => m.route.method).join(', ');
      throw new ApiError(ApiErrorCode.MethodNotAllowed, `${url.pathname} answers ${methods}`);
    }
    const { route } = found;
    let caller: ApiToken | undefined;
    if (route.access !== 'public') {
      caller = authenticate(request.headers.authorization);
      if (caller === undefined)
        throw new ApiError(ApiErrorCode.Unauthenticated, 'a valid bearer token is required');
      if (!allows(caller.role, route.access))
        throw new ApiError(ApiErrorCode.Forbidden, `role ${caller.role} may not ${route.access} here`);
    }
    const response = await route.handle({
      params: found.params ?? {},
      query: Object.fromEntries(url.searchParams),
      headers: flatHeaders(request),
      ...(caller === undefined ? {} : { token: caller }),
      body: () => readBody(request, maxBodyBytes),
    });
    return { response, ...(caller === undefined ? {} : { caller }) };
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://api.invalid').pathname;
    const asset = request.method === 'GET' || request.method === 'HEAD' ? web.get(path) : undefined;
    if (asset !== undefined) {
      response.writeHead(200, {
        'content-type': asset.type,
        'content-length': asset.body.length,
        ...webHeaders,
      });
      response.end(request.method === 'HEAD' ? undefined : asset.body);
      return;
    }
    try {
      const { response: answered, caller } = await answer(request);
      if (answered.download !== undefined) {
        const { type, fileName, write } = answered.download;
        response.writeHead(answered.status, {
          'content-type': type,
          'content-disposition': `attachment; filename="${fileName}"`,
        });
        // Once streaming has begun no error body can follow: a failure cuts the connection instead.
        await write(response).then(
          () => response.end(),
          (err: unknown) => {
            logger.error({ err, path }, 'download failed');
            response.destroy();
          },
        );
      } else send(response, answered);
      logger.info({ method: request.method, path, status: answered.status, caller: caller?.name }, 'request');
    } catch (err) {
      const known = err instanceof ApiError ? err : undefined;
      if (known === undefined) logger.error({ err, method: request.method, path }, 'request failed');
      const failure = errorBody(known ?? new ApiError(ApiErrorCode.Internal, 'internal error'));
      const challenge: Record<string, string> =
        failure.status === 401 ? { 'www-authenticate': 'Bearer realm="shiplog"' } : {};
      // A body we refused to read must not be left for the next request on this connection.
      if (known?.code === ApiErrorCode.BodyTooLarge) challenge['connection'] = 'close';
      send(response, failure, challenge);
      logger.info(
        { method: request.method, path, status: failure.status, code: known?.code ?? 'INTERNAL' },
        'request refused',
      );
    }
  }

  const listener = (request: IncomingMessage, response: ServerResponse): void =>
    void handle(request, response);
  const server: Server =
    options.tls === undefined
      ? createServer(listener)
      : createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, listener);
  const scheme = options.tls === undefined ? 'http' : 'https';

  return {
    routes,
    listen: ({ port, host }) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          resolve({ url: `${scheme}://${shown}:${address.port}`, port: address.port });
        });
      }),
    close: () =>
      new Promise((resolve, reject) => {
        server.close((err) => (err === undefined ? resolve() : reject(err)));
        server.closeIdleConnections();
      }),
  };
}
