import { RegistryError, RegistryErrorCode } from './errors.ts';
import { failureOf, httpFrom, joinUrl, readText, send } from './http.ts';
import type { FetchFunction } from './types.ts';

/** Options for {@link trustedPublishingToken}. */
export interface TrustedPublishingOptions {
  readonly ecosystem: 'cargo' | 'pypi';
  /** crates: the API base (`https://crates.io`); PyPI: the upload URL (`https://upload.pypi.org/legacy/`). */
  readonly registryUrl: string;
  /** The CI provider's OIDC identity token, issued for the registry's audience. */
  readonly oidcToken: string;
  readonly fetch?: FetchFunction;
}

function exchangeOf(options: TrustedPublishingOptions): { url: string; body: Record<string, string> } {
  if (options.ecosystem === 'cargo') {
    return {
      url: joinUrl(options.registryUrl, 'api/v1/trusted_publishing/tokens'),
      body: { jwt: options.oidcToken },
    };
  }
  return {
    url: joinUrl(new URL(options.registryUrl).origin, '_/oidc/mint-token'),
    body: { token: options.oidcToken },
  };
}

/**
 * Exchanges an OIDC token for a short-lived publish token (trusted publishing, PROTOCOLS.md):
 * crates `POST <url>/api/v1/trusted_publishing/tokens {jwt}`, PyPI `POST <origin>/_/oidc/mint-token
 * {token}`. A refused OIDC token is `REGISTRY_AUTH_FAILED`; a registry without the endpoint
 * `REGISTRY_NOT_FOUND`; 5xx or no connection `REGISTRY_UNAVAILABLE`; 429 `REGISTRY_RATE_LIMITED`;
 * an answer without a token `REGISTRY_PROTOCOL_ERROR`.
 */
export async function trustedPublishingToken(options: TrustedPublishingOptions): Promise<string> {
  if (options.oidcToken === '') {
    throw new RegistryError(RegistryErrorCode.AuthFailed, 'trusted publishing needs an OIDC token');
  }
  const http = httpFrom(options);
  const { url, body } = exchangeOf(options);
  const response = await send(http, url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  const what = `trusted publishing token exchange at ${new URL(url).origin}`;
  if (!response.ok) {
    const failure = await failureOf(http, response, url, what);
    // Registries refuse a bad OIDC token with 400 (crates.io) or 422 (PyPI), not only 401/403.
    if (failure.code !== RegistryErrorCode.Rejected) throw failure;
    throw new RegistryError(RegistryErrorCode.AuthFailed, failure.message, {
      status: response.status,
      cause: failure,
    });
  }
  const text = await readText(response, url);
  let token: unknown;
  try {
    token = (JSON.parse(text) as { token?: unknown }).token;
  } catch (error) {
    throw new RegistryError(RegistryErrorCode.ProtocolError, `${what}: the answer is not JSON`, {
      cause: error,
    });
  }
  if (typeof token !== 'string' || token === '') {
    throw new RegistryError(RegistryErrorCode.ProtocolError, `${what}: the answer holds no token`);
  }
  return token;
}
