import type { Writable } from 'node:stream';
import type { ApiAccess, ApiToken } from './apiTokens.ts';

/** What a handler gets: the matched path parameters, the query, the headers and the body on demand. */
export interface RouteRequest {
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  /** The caller (absent on public routes). */
  readonly token?: ApiToken;
  body(): Promise<Uint8Array>;
}

export interface RouteResponse {
  readonly status: number;
  readonly body: unknown;
  /** A file to send instead of the JSON body (`content-disposition: attachment`), written as it streams. */
  readonly download?: {
    readonly type: string;
    readonly fileName: string;
    readonly write: (out: Writable) => Promise<void>;
  };
}

/** One endpoint: its method and OpenAPI path (`/v1/why/{id}`), who may call it, and its handler. */
export interface Route {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly access: ApiAccess | 'public';
  handle(request: RouteRequest): Promise<RouteResponse>;
}

// A malformed escape is kept as sent: the lookup then finds nothing (404) rather than failing (500).
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Matches a request path against an OpenAPI path template; the parameters, or undefined. */
export function matchPath(template: string, path: string): Record<string, string> | undefined {
  const names: string[] = [];
  const pattern = template.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  const match = new RegExp(`^${pattern}$`).exec(path);
  if (match === null) return undefined;
  const params: Record<string, string> = {};
  names.forEach((name, i) => {
    params[name] = decoded(match[i + 1] as string);
  });
  return params;
}
