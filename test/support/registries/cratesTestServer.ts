import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, startTestHttpServer } from './testHttpServer.ts';
import type { OutageMode } from './testHttpServer.ts';

/** A wire-compatible crates.io for tests: publish API, sparse index, downloads, yank (PROTOCOLS.md). */
export interface CratesTestServer {
  /** The API base (`api` in config.json). */
  readonly url: string;
  /** The sparse index base, without the `sparse+` prefix cargo wants. */
  readonly indexUrl: string;
  readonly token: string;
  /** The OIDC token `POST /api/v1/trusted_publishing/tokens` accepts, when trusted publishing is on. */
  readonly oidcToken: string | undefined;
  /** How many publish requests stored a new version. */
  readonly uploads: number;
  /** How many publish requests arrived (while up), stored or not: a re-publish counts here. */
  readonly uploadAttempts: number;
  /** How many publish tokens trusted publishing handed out. */
  readonly tokensMinted: number;
  /**
   * The next `count` publishes answer 429 "Please try again after <retryAfter>": a fixed time, or
   * `{ seconds }` after the moment each 429 is sent.
   */
  rateLimitPublishes(count: number, retryAfter: Date | { readonly seconds: number }): void;
  /** Every retry time a 429 named, in order (HTTP dates have whole seconds). */
  readonly retryTimes: readonly Date[];
  goDown(mode: OutageMode): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

interface StoredVersion {
  readonly line: Record<string, unknown>;
  readonly crate: Buffer;
  /** The index shows a version only from this time on (crates.io updates it asynchronously). */
  readonly visibleAt: number;
  yanked: boolean;
}

interface PublishedDep {
  name: string;
  version_req: string;
  features?: string[];
  optional?: boolean;
  default_features?: boolean;
  target?: string | null;
  kind?: string;
  registry?: string | null;
  explicit_name_in_toml?: string | null;
}

function indexPath(name: string): string {
  const n = name.toLowerCase();
  if (n.length <= 2) return `${n.length}/${n}`;
  if (n.length === 3) return `3/${n[0] ?? ''}/${n}`;
  return `${n.slice(0, 2)}/${n.slice(2, 4)}/${n}`;
}

const errors = (detail: string): { errors: { detail: string }[] } => ({ errors: [{ detail }] });

/** Starts the server on a random port; `close()` it in `afterAll`. */
export async function startCratesTestServer(
  options: { token?: string; indexLagMs?: number; oidcToken?: string } = {},
): Promise<CratesTestServer> {
  const token = options.token ?? 'cio-test-token';
  const crates = new Map<string, Map<string, StoredVersion>>();
  // Publish tokens minted by trusted publishing; they publish like the configured token.
  const minted = new Set<string>();
  const authorized = (request: IncomingMessage): boolean => {
    const given = request.headers.authorization ?? '';
    return given === token || minted.has(given);
  };
  let uploads = 0;
  let tokensMinted = 0;
  let uploadAttempts = 0;
  let limited = 0;
  let limitUntil: Date | { readonly seconds: number } = new Date(0);
  const retryTimes: Date[] = [];
  let base = '';

  const publish = (request: IncomingMessage, body: Buffer, response: ServerResponse): void => {
    uploadAttempts += 1;
    if (!authorized(request)) {
      sendJson(response, 403, errors('authentication failed: the token is invalid or expired'));
      return;
    }
    if (limited > 0) {
      limited -= 1;
      const until =
        limitUntil instanceof Date
          ? limitUntil
          : new Date(Math.ceil(Date.now() / 1000) * 1000 + limitUntil.seconds * 1000);
      retryTimes.push(until);
      const when = until.toUTCString();
      sendJson(
        response,
        429,
        errors(
          `You have published too many versions of this crate in a short period of time. Please try again after ${when} or email help@crates.io to have your limit increased.`,
        ),
        { 'retry-after': when },
      );
      return;
    }
    if (body.length < 4) return sendJson(response, 400, errors('invalid upload request: body too short'));
    const jsonLength = body.readUInt32LE(0);
    if (body.length < 8 + jsonLength)
      return sendJson(response, 400, errors('invalid upload request: truncated metadata'));
    const crateLength = body.readUInt32LE(4 + jsonLength);
    const crate = body.subarray(8 + jsonLength);
    if (crate.length !== crateLength)
      return sendJson(response, 400, errors('invalid upload request: crate length mismatch'));
    let meta: Record<string, unknown>;
    try {
      meta = JSON.parse(body.subarray(4, 4 + jsonLength).toString('utf8')) as Record<string, unknown>;
    } catch {
      return sendJson(response, 400, errors('invalid upload request: metadata is not JSON'));
    }
    const { name, vers } = meta;
    if (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(name))
      return sendJson(response, 400, errors('invalid crate name'));
    if (typeof vers !== 'string' || !/^\d+\.\d+\.\d+(?:[-+].*)?$/.test(vers))
      return sendJson(response, 400, errors('invalid semver'));
    const missing = [
      ...(typeof meta['description'] === 'string' && meta['description'] !== '' ? [] : ['description']),
      ...(typeof meta['license'] === 'string' || typeof meta['license_file'] === 'string' ? [] : ['license']),
    ];
    if (missing.length > 0) {
      return sendJson(
        response,
        400,
        errors(
          `missing or empty metadata fields: ${missing.join(', ')}. Please see https://doc.rust-lang.org/cargo/reference/manifest.html for more information on configuring these fields`,
        ),
      );
    }
    const versions = crates.get(name.toLowerCase()) ?? new Map<string, StoredVersion>();
    if (versions.has(vers))
      return sendJson(response, 400, errors(`crate version \`${vers}\` is already uploaded`));
    const deps = Array.isArray(meta['deps']) ? (meta['deps'] as PublishedDep[]) : [];
    const line = {
      name,
      vers,
      deps: deps.map((d) => ({
        name: d.explicit_name_in_toml ?? d.name,
        req: d.version_req,
        features: d.features ?? [],
        optional: d.optional ?? false,
        default_features: d.default_features ?? true,
        target: d.target ?? null,
        kind: d.kind ?? 'normal',
        registry: d.registry ?? null,
        ...(d.explicit_name_in_toml == null ? {} : { package: d.name }),
      })),
      cksum: createHash('sha256').update(crate).digest('hex'),
      features: meta['features'] ?? {},
      yanked: false,
      links: meta['links'] ?? null,
      v: 1,
    };
    versions.set(vers, {
      line,
      crate: Buffer.from(crate),
      yanked: false,
      visibleAt: Date.now() + (options.indexLagMs ?? 0),
    });
    crates.set(name.toLowerCase(), versions);
    uploads += 1;
    sendJson(response, 200, { warnings: { invalid_categories: [], invalid_badges: [], other: [] } });
  };

  // crates.io: POST {jwt} → {token} (30 min); DELETE with that token revokes it.
  const trustedPublishing = (request: IncomingMessage, body: Buffer, response: ServerResponse): void => {
    if (options.oidcToken === undefined)
      return sendJson(response, 404, errors('trusted publishing is not configured'));
    if (request.method === 'DELETE') {
      const given = request.headers.authorization?.replace(/^Bearer /, '') ?? '';
      if (!minted.delete(given)) return sendJson(response, 401, errors('Invalid authentication token'));
      response.writeHead(204).end();
      return;
    }
    let jwt: unknown;
    try {
      jwt = (JSON.parse(body.toString('utf8')) as { jwt?: unknown }).jwt;
    } catch {
      return sendJson(response, 400, errors('Failed to deserialize the JSON body'));
    }
    if (typeof jwt !== 'string' || jwt === '') return sendJson(response, 400, errors('Missing `jwt` field'));
    if (jwt !== options.oidcToken) return sendJson(response, 401, errors('Failed to decode JWT'));
    const issued = `cio_tp_${randomBytes(16).toString('hex')}`;
    minted.add(issued);
    tokensMinted += 1;
    sendJson(response, 200, { token: issued });
  };

  const handler = (request: IncomingMessage, body: Buffer, response: ServerResponse): void => {
    const path = new URL(request.url ?? '/', base).pathname;
    if (
      path === '/api/v1/trusted_publishing/tokens' &&
      (request.method === 'POST' || request.method === 'DELETE')
    )
      return trustedPublishing(request, body, response);
    if (request.method === 'GET' && path === '/index/config.json') {
      return sendJson(response, 200, { dl: `${base}/api/v1/crates`, api: base });
    }
    if (request.method === 'GET' && path.startsWith('/index/')) {
      const name = path.split('/').at(-1) ?? '';
      const visible = [...(crates.get(name.toLowerCase())?.values() ?? [])].filter(
        (v) => v.visibleAt <= Date.now(),
      );
      if (visible.length === 0 || indexPath(name) !== path.slice('/index/'.length)) {
        response.writeHead(404).end();
        return;
      }
      const text = visible.map((v) => JSON.stringify({ ...v.line, yanked: v.yanked })).join('\n');
      response.writeHead(200, { 'content-type': 'text/plain' }).end(`${text}\n`);
      return;
    }
    if (request.method === 'PUT' && path === '/api/v1/crates/new') return publish(request, body, response);
    const match = /^\/api\/v1\/crates\/([^/]+)\/([^/]+)\/(download|yank|unyank)$/.exec(path);
    const stored =
      match === null
        ? undefined
        : crates
            .get(decodeURIComponent(match[1] ?? '').toLowerCase())
            ?.get(decodeURIComponent(match[2] ?? ''));
    if (match !== null && stored === undefined)
      return sendJson(response, 404, errors('crate or version not found'));
    if (stored !== undefined && match?.[3] === 'download' && request.method === 'GET') {
      response.writeHead(200, { 'content-type': 'application/x-tar' }).end(stored.crate);
      return;
    }
    if (stored !== undefined && (match?.[3] === 'yank' || match?.[3] === 'unyank')) {
      if (!authorized(request)) return sendJson(response, 403, errors('authentication failed'));
      const wanted = match[3] === 'yank' ? 'DELETE' : 'PUT';
      if (request.method !== wanted) return sendJson(response, 405, errors('method not allowed'));
      stored.yanked = match[3] === 'yank';
      return sendJson(response, 200, { ok: true });
    }
    sendJson(response, 404, errors('Not Found'));
  };

  const server = await startTestHttpServer(handler);
  base = server.baseUrl;
  return {
    url: base,
    indexUrl: `${base}/index/`,
    token,
    oidcToken: options.oidcToken,
    get uploads() {
      return uploads;
    },
    get uploadAttempts() {
      return uploadAttempts;
    },
    get tokensMinted() {
      return tokensMinted;
    },
    retryTimes,
    rateLimitPublishes(count, retryAfter) {
      limited = count;
      limitUntil = retryAfter;
    },
    goDown: (mode) => server.goDown(mode),
    restore: () => server.restore(),
    close: () => server.close(),
  };
}
