import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const bin = join(import.meta.dirname, '..', '..', 'services', 'cli', 'bin', 'shiplog.js');

/** A running `shiplog serve api` child process. */
export interface ApiProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it wrote to stderr (its JSON logs) so far. */
  stderr(): string;
  /** SIGTERM, then its exit code. */
  stop(): Promise<number | null>;
}

/** Starts `shiplog serve api` on a free port; resolves once it logs that it listens. */
export function startApiProcess(options: { cwd: string; env: Record<string, string> }): Promise<ApiProcess> {
  const child = spawn(process.execPath, [bin, 'serve', 'api'], {
    cwd: options.cwd,
    env: { ...process.env, SHIPLOG_API_PORT: '0', SHIPLOG_LOG_LEVEL: 'info', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const fail = (code: number | null) =>
      reject(new Error(`shiplog serve api exited (${code}) before listening:\n${stderr}`));
    child.once('exit', fail);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const line = stderr.split('\n').find((l) => l.includes('"api listening"'));
      if (line === undefined) return;
      child.off('exit', fail);
      const { url } = JSON.parse(line) as { url: string };
      resolve({
        url,
        child,
        stderr: () => stderr,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    });
  });
}

/** A request to the API at `url`, with `token` as its bearer token when given. */
export function callApi(
  url: string | undefined,
  path: string,
  init: RequestInit & { token?: string } = {},
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token !== undefined) headers.set('authorization', `Bearer ${init.token}`);
  return fetch(`${url}${path}`, { ...init, headers });
}
