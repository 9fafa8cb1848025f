import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const bin = join(import.meta.dirname, '..', '..', 'services', 'cli', 'bin', 'shiplog.js');

/** What `shiplog dev --json` prints once everything is up. */
export interface DevSummary {
  readonly store: string;
  readonly projections: string;
  readonly api: { readonly url: string; readonly openapi: string; readonly web: string };
  readonly bus: string;
  readonly workers: readonly string[];
  readonly token?: string;
}

/** A running `shiplog dev` child process. */
export interface DevProcess {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves to the exit code once the process has exited. */
  readonly exited: Promise<number | null>;
  /** Sends `signal` unless it has exited; resolves to the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Environment without the caller's shiplog settings, so a developer's shell cannot leak in. */
export function cleanEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !name.startsWith('SHIPLOG_')) env[name] = value;
  }
  return { ...env, SHIPLOG_LOG_LEVEL: 'info', ...extra };
}

/** Spawns the real `shiplog dev` with `args` in `cwd`. */
export function spawnDev(args: readonly string[], cwd: string, env: Record<string, string> = {}): DevProcess {
  const child = spawn(process.execPath, [bin, 'dev', ...args], {
    cwd,
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    stop: (signal = 'SIGINT') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Resolves to the JSON summary line of `dev --json`; rejects if the process exits first. */
export function summaryOf(dev: DevProcess): Promise<DevSummary> {
  return new Promise((resolve, reject) => {
    const onData = (): void => {
      const newline = dev.stdout().indexOf('\n');
      if (newline < 0) return;
      dev.child.stdout?.off('data', onData);
      resolve(JSON.parse(dev.stdout().slice(0, newline)) as DevSummary);
    };
    dev.child.stdout?.on('data', onData);
    onData();
    void dev.exited.then((code) =>
      reject(new Error(`shiplog dev exited (${code}) before it was up:\n${dev.stderr()}`)),
    );
  });
}
