import { RegistryError, RegistryErrorCode } from './errors.ts';
import type { ClientOptions, FetchFunction } from './types.ts';

/** What every client needs to talk HTTP: the fetch function and the clock. */
export interface Http {
  readonly fetch: FetchFunction;
  readonly now: () => Date;
}

export function httpFrom(options: ClientOptions): Http {
  return { fetch: options.fetch ?? globalThis.fetch, now: options.now ?? (() => new Date()) };
}

/**
 * Sends a request. A failure to connect, a reset or a timeout becomes `REGISTRY_UNAVAILABLE`;
 * answers of any status are returned for the caller to judge (see {@link failureOf}).
 */
export async function send(http: Http, url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await http.fetch(url, init);
  } catch (error) {
    throw new RegistryError(RegistryErrorCode.Unavailable, `cannot reach ${new URL(url).origin}`, {
      cause: error,
    });
  }
}

/** Reads the whole body; a connection dropped mid-body is `REGISTRY_UNAVAILABLE` too. */
export async function readBytes(response: Response, url: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw new RegistryError(RegistryErrorCode.Unavailable, `connection lost reading ${new URL(url).origin}`, {
      cause: error,
    });
  }
}

export async function readText(response: Response, url: string): Promise<string> {
  return new TextDecoder().decode(await readBytes(response, url));
}

/** Parses `Retry-After` (seconds or an HTTP date) or a "try again after <HTTP date>" message. */
export function retryAfterOf(header: string | null, body: string, now: Date): Date | undefined {
  if (header !== null && header.trim() !== '') {
    const seconds = Number(header.trim());
    if (Number.isFinite(seconds)) return new Date(now.getTime() + Math.max(0, seconds) * 1000);
    const date = new Date(header);
    if (!Number.isNaN(date.getTime())) return date;
  }
  const match = /try again after ([A-Za-z]{3}, \d{1,2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT)/i.exec(body);
  if (match?.[1] !== undefined) return new Date(match[1]);
  return undefined;
}

/**
 * Turns an unsuccessful answer into a typed error: 429 → `REGISTRY_RATE_LIMITED` (with
 * `retryAfter`), 5xx → `REGISTRY_UNAVAILABLE`, 401/403 → `REGISTRY_AUTH_FAILED`, 404 →
 * `REGISTRY_NOT_FOUND`, anything else → `REGISTRY_REJECTED` with the registry's own words.
 */
export async function failureOf(
  http: Http,
  response: Response,
  url: string,
  what: string,
): Promise<RegistryError> {
  const body = await readText(response, url).catch(() => '');
  const detail = errorDetail(body);
  const status = response.status;
  const message = `${what}: ${status}${detail === '' ? '' : ` ${detail}`}`;
  if (status === 429) {
    const retryAfter = retryAfterOf(response.headers.get('retry-after'), body, http.now());
    return new RegistryError(RegistryErrorCode.RateLimited, message, {
      status,
      ...(retryAfter === undefined ? {} : { retryAfter }),
    });
  }
  if (status >= 500) return new RegistryError(RegistryErrorCode.Unavailable, message, { status });
  if (status === 401 || status === 403)
    return new RegistryError(RegistryErrorCode.AuthFailed, message, { status });
  if (status === 404) return new RegistryError(RegistryErrorCode.NotFound, message, { status });
  return new RegistryError(RegistryErrorCode.Rejected, message, { status });
}

/** The human part of an error body: crates' `errors[].detail`, npm's `error`, or the text itself. */
export function errorDetail(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null) {
      const record = parsed as Record<string, unknown>;
      if (Array.isArray(record['errors'])) {
        return record['errors']
          .map((e: unknown) => {
            const item = typeof e === 'object' && e !== null ? (e as Record<string, unknown>) : {};
            const text = item['detail'] ?? item['message'];
            return typeof text === 'string' ? text : '';
          })
          .join('; ');
      }
      if (typeof record['error'] === 'string') return record['error'];
      if (typeof record['message'] === 'string') return record['message'];
    }
  } catch {
    // not JSON: fall through to the text
  }
  return body
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 500);
}

/** `base` with exactly one slash before `path`. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}
