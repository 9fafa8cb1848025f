import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How a test server pretends to be down: refusing connections, or answering 503. */
export type OutageMode = 'refuse' | '503';

/** A node:http server on 127.0.0.1 with a random port that can be taken down and brought back. */
export interface TestHttpServer {
  readonly port: number;
  readonly baseUrl: string;
  /** Until {@link restore}: close the port (connection refused) or answer every request with 503. */
  goDown(mode: OutageMode): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

type Handler = (request: IncomingMessage, body: Buffer, response: ServerResponse) => void | Promise<void>;

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function shut(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Starts `handler` behind an outage switch; bodies are read whole before the handler runs. */
export async function startTestHttpServer(handler: Handler): Promise<TestHttpServer> {
  let outage: OutageMode | undefined;
  const make = (): Server =>
    createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (outage === '503') {
          response.writeHead(503, { 'content-type': 'text/plain' }).end('Service Unavailable');
          return;
        }
        Promise.resolve()
          .then(() => handler(request, Buffer.concat(chunks), response))
          .catch((error: unknown) => {
            if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
            response.end(String(error));
          });
      });
    });
  let server: Server | undefined = make();
  const port = await listen(server, 0);
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    async goDown(mode) {
      outage = mode;
      if (mode === 'refuse' && server !== undefined) {
        const closing = server;
        server = undefined;
        await shut(closing);
      }
    },
    async restore() {
      outage = undefined;
      if (server === undefined) {
        server = make();
        await listen(server, port);
      }
    },
    async close() {
      if (server !== undefined) await shut(server);
      server = undefined;
    },
  };
}

/** Sends a JSON answer. */
export function sendJson(
  response: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  response
    .writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
    .end(JSON.stringify(value));
}
