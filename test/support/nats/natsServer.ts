import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect as connectTcp } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Options for {@link startNatsServer}. */
export interface NatsServerOptions {
  /** Enable JetStream with a file store in a fresh temporary directory. */
  readonly jetstream?: boolean;
  /** Contents of a nats-server configuration file (accounts, users, permissions). */
  readonly config?: string;
}

/** A running nats-server child process on a random port. */
export interface NatsServer {
  readonly url: string;
  readonly port: number;
  readonly storeDir: string;
  /** Stops the process (SIGTERM, then SIGKILL); the store directory is kept for {@link restart}. */
  stop(): Promise<void>;
  /** Starts the server again (stopping it first if running) on the same port and store directory. */
  restart(): Promise<void>;
  /** Stops the process and deletes the temporary directory. */
  dispose(): Promise<void>;
}

const binary = process.env['NATS_SERVER_BIN'] ?? 'nats-server';
const readyTimeoutMs = 20_000;
const running = new Set<ChildProcess>();

// A failing test must never leave a server behind, even when its afterAll hook did not run.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts a real nats-server on 127.0.0.1 with a random port and waits until it accepts connections.
 * Call `dispose()` in an `afterAll`/`afterEach` hook.
 */
export async function startNatsServer(options: NatsServerOptions = {}): Promise<NatsServer> {
  const workDir = await mkdtemp(join(tmpdir(), 'shiplog-nats-'));
  const storeDir = join(workDir, 'jetstream');
  const configFile = join(workDir, 'nats.conf');
  if (options.config !== undefined) await writeFile(configFile, options.config);

  const argsFor = (port: number): string[] => [
    ...(options.config === undefined ? [] : ['-c', configFile]),
    ...['-a', '127.0.0.1', '-p', String(port)],
    ...(options.jetstream === true ? ['-js', '-sd', storeDir] : []),
  ];

  let child: ChildProcess | undefined;
  let port = -1;
  const start = async (): Promise<void> => {
    const started = await spawnServer(argsFor(port));
    child = started.child;
    port = started.port;
    await waitForTcp(port);
  };
  const stop = async (): Promise<void> => {
    if (child === undefined) return;
    const current = child;
    child = undefined;
    await killChild(current);
  };

  await start();
  return {
    get url() {
      return `nats://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    storeDir,
    stop,
    async restart() {
      await stop();
      await start();
    },
    async dispose() {
      await stop();
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

/** Spawns nats-server with `args`; resolves once it logs its client port and readiness. */
export async function spawnServer(args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let log = '';
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`nats-server not ready:\n${log}`)), readyTimeoutMs);
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`nats-server exited with ${String(code)}:\n${log}`));
      });
      child.stderr?.setEncoding('utf8');
      child.stderr?.on('data', (chunk: string) => {
        log += chunk;
        const listening = /Listening for client connections on [^\s]+:(\d+)/.exec(log);
        if (listening?.[1] !== undefined && log.includes('Server is ready')) {
          clearTimeout(timer);
          resolve(Number(listening[1]));
        }
      });
    });
    // Keep draining stderr so a chatty server never blocks on a full pipe.
    child.stderr?.resume();
    return { child, port };
  } catch (err) {
    await killChild(child);
    throw err;
  }
}

/** SIGTERM, then SIGKILL after 10 s; resolves once the process exited. */
export async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function waitForTcp(port: number): Promise<void> {
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connectTcp({ host: '127.0.0.1', port }, () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nats-server on port ${port} does not accept connections`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
