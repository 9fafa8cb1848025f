import { sha256Digest } from './digests.ts';
import { RegistryError, RegistryErrorCode } from './errors.ts';
import { failureOf, readBytes, send } from './http.ts';
import type { Http } from './http.ts';

/** Credentials for an OCI registry: Basic (also used for the token handshake) or a bearer token. */
export type OciCredentials =
  { readonly username: string; readonly password: string } | { readonly token: string };

/**
 * HTTP to one registry with its auth: a static bearer token, Basic, or the distribution token
 * handshake (401 `WWW-Authenticate: Bearer realm=…,service=…,scope=…` → GET realm → bearer).
 */
export class OciTransport {
  readonly #http: Http;
  readonly #base: string;
  readonly #credentials: OciCredentials | undefined;
  readonly #tokens = new Map<string, string>();

  constructor(http: Http, registryUrl: string, credentials: OciCredentials | undefined) {
    this.#http = http;
    this.#base = registryUrl.replace(/\/+$/, '');
    this.#credentials = credentials;
  }

  url(path: string): string {
    return /^https?:\/\//.test(path) ? path : `${this.#base}${path}`;
  }

  /** Sends with auth; retries once after a token handshake. Non-OK answers are returned as they are. */
  async request(path: string, init: RequestInit, scope: string): Promise<Response> {
    const url = this.url(path);
    const first = await send(this.#http, url, {
      ...init,
      headers: { ...this.#authHeader(scope), ...(init.headers as Record<string, string>) },
    });
    if (first.status !== 401 || this.#credentials === undefined) return first;
    const challenge = first.headers.get('www-authenticate') ?? '';
    await first.body?.cancel();
    if (!/^bearer\s/i.test(challenge))
      return send(this.#http, url, {
        ...init,
        headers: { ...this.#authHeader(scope), ...(init.headers as Record<string, string>) },
      });
    await this.#fetchToken(challenge, scope);
    return send(this.#http, url, {
      ...init,
      headers: { ...this.#authHeader(scope), ...(init.headers as Record<string, string>) },
    });
  }

  /** Throws the typed error for a non-OK answer. */
  async fail(response: Response, path: string, what: string): Promise<never> {
    throw await failureOf(this.#http, response, this.url(path), what);
  }

  async bytes(response: Response, path: string): Promise<Uint8Array> {
    return readBytes(response, this.url(path));
  }

  #authHeader(scope: string): Record<string, string> {
    const credentials = this.#credentials;
    if (credentials === undefined) return {};
    const token = this.#tokens.get(scope) ?? ('token' in credentials ? credentials.token : undefined);
    if (token !== undefined) return { authorization: `Bearer ${token}` };
    if ('username' in credentials) {
      return {
        authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`,
      };
    }
    return {};
  }

  async #fetchToken(challenge: string, scope: string): Promise<void> {
    const params = Object.fromEntries(
      [...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1] ?? '', m[2] ?? '']),
    );
    const realm = params['realm'];
    if (realm === undefined)
      throw new RegistryError(RegistryErrorCode.AuthFailed, 'the registry asked for a token without a realm');
    const tokenUrl = new URL(realm);
    if (params['service'] !== undefined) tokenUrl.searchParams.set('service', params['service']);
    tokenUrl.searchParams.set('scope', params['scope'] ?? scope);
    const credentials = this.#credentials;
    const headers: Record<string, string> =
      credentials !== undefined && 'username' in credentials
        ? {
            authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`,
          }
        : {};
    const response = await send(this.#http, tokenUrl.href, { headers });
    if (!response.ok) throw await failureOf(this.#http, response, tokenUrl.href, 'registry token');
    const body = JSON.parse(new TextDecoder().decode(await readBytes(response, tokenUrl.href))) as {
      token?: string;
      access_token?: string;
    };
    const token = body.token ?? body.access_token;
    if (token === undefined)
      throw new RegistryError(RegistryErrorCode.AuthFailed, 'the token service returned no token');
    this.#tokens.set(scope, token);
  }
}

/** Checks that bytes fetched by digest are what the digest says. */
export function assertDigest(bytes: Uint8Array, expected: string, what: string): void {
  const actual = sha256Digest(bytes);
  if (actual !== expected) {
    throw new RegistryError(
      RegistryErrorCode.DigestMismatch,
      `${what}: expected ${expected}, received ${actual}`,
    );
  }
}
