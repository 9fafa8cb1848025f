import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';

const running = new Set<ChildProcess>();

// A failing test must never leave a server behind, even when its afterAll hook did not run.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

import { freePort } from '@shiplog/test/nats/freePort.ts';

export { freePort };

/** Starts a long-running server process, keeping the tail of its output for error messages. */
export function startProcess(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): { child: ChildProcess; output: () => string } {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => output };
}

/** Polls `url` until it answers (any status below 500) or the process exits or time runs out. */
export async function waitForHttp(
  url: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs = 30_000,
  /** Tells this server's answer from another's (a port taken by someone else meanwhile). */
  isOurs: (response: Response) => boolean = (response) => response.status < 500,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`${url}: the server exited (${child.exitCode}):\n${output()}`);
    try {
      const response = await fetch(url);
      await response.body?.cancel();
      if (isOurs(response)) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up in time:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Starts a server on a free port, and on another one when that port was taken between `freePort`
 * and the server binding it (tests start many servers at once).
 */
export async function onFreePort<T>(start: (port: number) => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await freePort());
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
}

/** SIGTERM, then SIGKILL after 5 s; resolves once the process is gone. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
