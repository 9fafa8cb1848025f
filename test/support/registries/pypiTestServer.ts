import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson, startTestHttpServer } from './testHttpServer.ts';
import type { OutageMode } from './testHttpServer.ts';

/** A wire-compatible PyPI for tests: legacy upload, PEP 503 simple index, downloads (PROTOCOLS.md). */
export interface PypiTestServer {
  /** `http://127.0.0.1:PORT/legacy/` */
  readonly uploadUrl: string;
  /** `http://127.0.0.1:PORT/simple/` */
  readonly indexUrl: string;
  readonly token: string;
  /** The OIDC token `POST /_/oidc/mint-token` accepts, when trusted publishing is on. */
  readonly oidcToken: string | undefined;
  /** How many uploads stored a new file. */
  readonly uploads: number;
  /** How many upload requests arrived (while up), stored or not: a re-upload counts here. */
  readonly uploadAttempts: number;
  /** How many API tokens trusted publishing handed out. */
  readonly tokensMinted: number;
  /** The `attestations` field of the last accepted upload, if any. */
  readonly lastAttestations: unknown;
  /**
   * Until called again with `undefined`, uploads (only) answer this status: the registry went down
   * after a client had obtained its token.
   */
  failUploads(status: number | undefined): void;
  /** The next `count` uploads answer 429 with `Retry-After: <seconds>`. */
  rateLimitUploads(count: number, retryAfterSeconds: number): void;
  goDown(mode: OutageMode): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

interface StoredFile {
  readonly project: string;
  readonly version: string;
  readonly filename: string;
  readonly filetype: string;
  readonly bytes: Buffer;
  readonly sha256: string;
  readonly requiresPython: string | undefined;
}

const normalize = (name: string): string => name.toLowerCase().replace(/[-_.]+/g, '-');
const escape = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// Warehouse answers errors with the reason in the status line and an HTML body.
function fail(
  response: ServerResponse,
  status: number,
  reason: string,
  headers: Record<string, string> = {},
): void {
  response.statusMessage = reason.replace(/[^\x20-\x7e]/g, ' ');
  response.writeHead(status, { 'content-type': 'text/html; charset=UTF-8', ...headers });
  response.end(
    `<html><head><title>${status} ${escape(reason)}</title></head><body><h1>${status} ${escape(reason)}</h1></body></html>`,
  );
}

/** Starts the server on a random port; `close()` it in `afterAll`. */
export async function startPypiTestServer(
  options: { token?: string; oidcToken?: string } = {},
): Promise<PypiTestServer> {
  const token = options.token ?? 'pypi-test-token';
  const files = new Map<string, StoredFile>();
  // API tokens minted by trusted publishing; they upload like the configured token.
  const minted = new Set<string>();
  const basicOf = (secret: string): string =>
    `Basic ${Buffer.from(`__token__:${secret}`).toString('base64')}`;
  let uploads = 0;
  let uploadAttempts = 0;
  let tokensMinted = 0;
  let limited = 0;
  let limitSeconds = 0;
  let uploadFailure: number | undefined;
  let lastAttestations: unknown;
  let base = '';

  const upload = async (request: IncomingMessage, body: Buffer, response: ServerResponse): Promise<void> => {
    uploadAttempts += 1;
    if (uploadFailure !== undefined) return fail(response, uploadFailure, 'Service Unavailable');
    const auth = request.headers.authorization ?? '';
    if (auth !== basicOf(token) && ![...minted].some((m) => auth === basicOf(m)))
      return fail(
        response,
        403,
        'Invalid or non-existent authentication information. See https://pypi.org/help/#invalid-auth for more information.',
      );
    if (limited > 0) {
      limited -= 1;
      return fail(response, 429, 'Too many uploads, try again later.', {
        'retry-after': String(limitSeconds),
      });
    }
    let form: FormData;
    try {
      form = await new Request(base, {
        method: 'POST',
        headers: { 'content-type': request.headers['content-type'] ?? '' },
        body,
      }).formData();
    } catch {
      return fail(response, 400, 'Invalid request body: not multipart/form-data');
    }
    const field = (name: string): string | undefined => {
      const value = form.get(name);
      return typeof value === 'string' ? value : undefined;
    };
    if (field(':action') !== 'file_upload') return fail(response, 400, 'Invalid or missing :action');
    const content = form.get('content');
    if (content === null || typeof content === 'string')
      return fail(response, 400, 'Upload payload does not have a file.');
    const name = field('name');
    const version = field('version');
    const filetype = field('filetype');
    if (name === undefined || version === undefined)
      return fail(response, 400, 'Invalid value for name or version. Error: This field is required.');
    if (filetype !== 'sdist' && filetype !== 'bdist_wheel')
      return fail(response, 400, 'Invalid value for filetype. Error: Use a known file type.');
    const bytes = Buffer.from(await content.arrayBuffer());
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const md5 = createHash('md5').update(bytes);
    const md5Forms = new Set([md5.copy().digest('hex'), md5.digest('base64url')]);
    const given = [field('sha256_digest'), field('md5_digest')];
    if (given.every((d) => d === undefined))
      return fail(response, 400, 'Include at least one message digest.');
    // twine sends md5 as hex; the protocol also allows urlsafe base64 without padding.
    if (
      (given[0] !== undefined && given[0] !== sha256) ||
      (given[1] !== undefined && !md5Forms.has(given[1]))
    ) {
      return fail(
        response,
        400,
        'The digest supplied does not match a digest calculated from the uploaded file.',
      );
    }
    const filename = content.name;
    const project = normalize(name);
    const expectedPrefix =
      filetype === 'sdist' ? `${project}-${version}` : `${project.replace(/-/g, '_')}-${version}-`;
    const stem =
      filetype === 'sdist' ? normalize(filename.replace(/\.tar\.gz$/, '')) : filename.toLowerCase();
    const okName =
      filetype === 'sdist'
        ? filename.endsWith('.tar.gz') && stem === normalize(expectedPrefix)
        : filename.endsWith('.whl') && stem.startsWith(expectedPrefix);
    if (!okName) return fail(response, 400, `Start filename for ${name} with ${expectedPrefix}.`);

    const existing = files.get(filename);
    if (existing !== undefined) {
      if (existing.sha256 === sha256) {
        response.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
        return;
      }
      return fail(
        response,
        400,
        `File already exists ('${filename}', with sha256 hash '${existing.sha256}'). See https://pypi.org/help/#file-name-reuse for more information.`,
      );
    }
    const release = [...files.values()].filter((f) => f.project === project && f.version === version);
    if (filetype === 'sdist' && release.some((f) => f.filetype === 'sdist'))
      return fail(response, 400, 'Only one sdist may be uploaded per release.');
    files.set(filename, {
      project,
      version,
      filename,
      filetype,
      bytes,
      sha256,
      requiresPython: field('requires_python'),
    });
    lastAttestations =
      field('attestations') === undefined ? undefined : JSON.parse(field('attestations') ?? 'null');
    uploads += 1;
    response.writeHead(200, { 'content-type': 'text/plain' }).end('OK');
  };

  const simplePage = (response: ServerResponse, name: string): void => {
    const project = normalize(name);
    const found = [...files.values()].filter((f) => f.project === project);
    if (found.length === 0) return fail(response, 404, 'Not Found');
    const links = found
      .map(
        (f) =>
          `    <a href="/files/${f.sha256}/${encodeURIComponent(f.filename)}#sha256=${f.sha256}"${f.requiresPython === undefined || f.requiresPython === '' ? '' : ` data-requires-python="${escape(f.requiresPython)}"`}>${escape(f.filename)}</a><br />`,
      )
      .join('\n');
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(
      `<!DOCTYPE html>\n<html>\n  <head>\n    <meta name="pypi:repository-version" content="1.0">\n    <title>Links for ${escape(project)}</title>\n  </head>\n  <body>\n    <h1>Links for ${escape(project)}</h1>\n${links}\n  </body>\n</html>\n`,
    );
  };

  // Warehouse: 422 {message, errors: [{code, description}]} for a token it does not accept.
  const mintToken = (body: Buffer, response: ServerResponse): void => {
    const refuse = (code: string, description: string): void =>
      sendJson(response, 422, { message: 'Token request failed', errors: [{ code, description }] });
    if (options.oidcToken === undefined)
      return fail(response, 404, 'Trusted publishing functionality not enabled');
    let oidc: unknown;
    try {
      oidc = (JSON.parse(body.toString('utf8')) as { token?: unknown }).token;
    } catch {
      return refuse('invalid-payload', 'payload is not valid JSON');
    }
    if (typeof oidc !== 'string') return refuse('invalid-payload', 'token is missing');
    if (oidc !== options.oidcToken)
      return refuse('invalid-publisher', 'valid token, but no corresponding publisher');
    const issued = `pypi-tp-${randomBytes(16).toString('hex')}`;
    minted.add(issued);
    tokensMinted += 1;
    sendJson(response, 200, { success: true, token: issued, expires: Math.floor(Date.now() / 1000) + 900 });
  };

  const handler = async (request: IncomingMessage, body: Buffer, response: ServerResponse): Promise<void> => {
    const path = new URL(request.url ?? '/', base).pathname;
    if (request.method === 'GET' && path === '/_/oidc/audience')
      return sendJson(response, 200, { audience: 'pypi' });
    if (request.method === 'POST' && path === '/_/oidc/mint-token') return mintToken(body, response);
    if (request.method === 'POST' && (path === '/legacy/' || path === '/legacy'))
      return upload(request, body, response);
    const simple = /^\/simple\/([^/]+)\/?$/.exec(path);
    if (request.method === 'GET' && simple !== null) {
      const name = decodeURIComponent(simple[1] ?? '');
      // PEP 503: non-normalized names redirect to the normalized URL.
      if (name !== normalize(name) || !path.endsWith('/')) {
        response.writeHead(301, { location: `/simple/${normalize(name)}/` }).end();
        return;
      }
      return simplePage(response, name);
    }
    const download = /^\/files\/([0-9a-f]{64})\/([^/]+)$/.exec(path);
    const file = download === null ? undefined : files.get(decodeURIComponent(download[2] ?? ''));
    if (request.method === 'GET' && file !== undefined && file.sha256 === download?.[1]) {
      response
        .writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': String(file.bytes.length),
        })
        .end(file.bytes);
      return;
    }
    fail(response, 404, 'Not Found');
  };

  const server = await startTestHttpServer(handler);
  base = server.baseUrl;
  return {
    uploadUrl: `${base}/legacy/`,
    indexUrl: `${base}/simple/`,
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
    get lastAttestations() {
      return lastAttestations;
    },
    failUploads(status) {
      uploadFailure = status;
    },
    rateLimitUploads(count, seconds) {
      limited = count;
      limitSeconds = seconds;
    },
    goDown: (mode) => server.goDown(mode),
    restore: () => server.restore(),
    close: () => server.close(),
  };
}
