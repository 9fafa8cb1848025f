import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { handleGithubRequest } from './githubRoutes.ts';
import type { GithubServerState } from './githubRoutes.ts';
import type { GithubRelease } from './githubReleaseJson.ts';

export type { GithubAsset, GithubRelease } from './githubReleaseJson.ts';

// A local server for GitHub's REST release endpoints, written from docs.github.com/rest/releases
// (releases and release assets), served the way GitHub Enterprise Server lays them out: the API
// under /api/v3, uploads under /api/uploads. Plain HTTP for in-process clients, and HTTPS (given a
// key and certificate) for `gh`, which reaches an Enterprise host over https only.

export interface GithubTestServer {
  /** `http://127.0.0.1:<port>`: the API is `<httpUrl>/api/v3`. */
  readonly httpUrl: string;
  /** `https://127.0.0.1:<port>` when started with `tls`. */
  readonly httpsUrl?: string;
  readonly token: string;
  /** Every release, drafts too. */
  releases(): readonly GithubRelease[];
  /** Requests that changed something (create, update, upload, delete), in order, e.g. `POST /releases`. */
  writes(): readonly string[];
  /** Requests to paths this server does not implement (a faithful-enough check for gh). */
  unknown(): readonly string[];
  graphql(): readonly string[];
  close(): Promise<void>;
}

export interface GithubTestServerOptions {
  readonly token?: string;
  /** PEM key and certificate (for 127.0.0.1) to serve HTTPS too. */
  readonly tls?: { readonly key: string; readonly cert: string };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function shut(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Starts the server on random ports of 127.0.0.1; `close()` it when done. */
export async function startGithubTestServer(
  options: GithubTestServerOptions = {},
): Promise<GithubTestServer> {
  const token = options.token ?? 'ghp_shiplogtesttoken0000000000000000000000';
  const releases: GithubRelease[] = [];
  const writes: string[] = [];
  const unknown: string[] = [];
  const graphql: string[] = [];
  const state: GithubServerState = { token, releases, writes, unknown, graphql, nextId: 1 };

  const serve = (server: Server, origin: () => string): void => {
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        try {
          handleGithubRequest(state, origin(), request, Buffer.concat(chunks), response);
        } catch (error) {
          if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
          response.end(String(error));
        }
      });
    });
  };
  const plain = createHttpServer();
  let httpUrl = '';
  serve(plain, () => httpUrl);
  httpUrl = `http://127.0.0.1:${await listen(plain)}`;
  let secure: Server | undefined;
  let httpsUrl: string | undefined;
  if (options.tls !== undefined) {
    secure = createHttpsServer({ key: options.tls.key, cert: options.tls.cert });
    serve(secure, () => httpsUrl ?? '');
    httpsUrl = `https://127.0.0.1:${await listen(secure)}`;
  }
  return {
    httpUrl,
    ...(httpsUrl === undefined ? {} : { httpsUrl }),
    token,
    releases: () => releases,
    writes: () => writes,
    unknown: () => unknown,
    graphql: () => graphql,
    close: async () => {
      await shut(plain);
      if (secure !== undefined) await shut(secure);
    },
  };
}
