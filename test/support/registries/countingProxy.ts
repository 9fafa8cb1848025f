import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A pass-through HTTP proxy that counts the write requests of a real server (Verdaccio, docker-registry). */
export interface CountingProxy {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  readonly url: string;
  /** Write requests that reached the server, whatever it answered. */
  readonly attempts: number;
  /** Write requests the server answered with 2xx (something was stored). */
  readonly uploads: number;
  close(): Promise<void>;
}

/** Which requests are writes worth counting. */
export type IsUpload = (method: string, path: string) => boolean;

/**
 * Starts a proxy to `target` on a random port. The Host header is passed on unchanged, so the
 * server builds the URLs it hands out (tarball links, upload locations) on the proxy's address.
 */
export async function startCountingProxy(target: string, isUpload: IsUpload): Promise<CountingProxy> {
  const upstream = new URL(target);
  let attempts = 0;
  let uploads = 0;
  const server: Server = createServer((incoming: IncomingMessage, outgoing) => {
    const path = incoming.url ?? '/';
    const counted = isUpload(incoming.method ?? 'GET', new URL(path, upstream).pathname);
    if (counted) attempts += 1;
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path,
        headers: incoming.headers,
      },
      (answer) => {
        if (counted && (answer.statusCode ?? 500) < 300) uploads += 1;
        outgoing.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forward.once('error', (error) => {
      if (!outgoing.headersSent) outgoing.writeHead(502, { 'content-type': 'text/plain' });
      outgoing.end(String(error));
    });
    incoming.pipe(forward);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    get attempts() {
      return attempts;
    },
    get uploads() {
      return uploads;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** npm publishes: `PUT /<name>` (dist-tag and user calls live under `/-/`). */
export const npmPublish: IsUpload = (method, path) =>
  method === 'PUT' && !path.startsWith('/-/') && !path.includes('/-rev/');

/** OCI pushes: blob upload completions and manifest puts. */
export const ociPush: IsUpload = (method, path) =>
  method === 'PUT' && /^\/v2\/.+\/(blobs\/uploads|manifests)\//.test(path);
