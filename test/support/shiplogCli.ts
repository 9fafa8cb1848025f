import { spawn } from 'node:child_process';
import { join } from 'node:path';

const bin = join(import.meta.dirname, '..', '..', 'services', 'cli', 'bin', 'shiplog.js');

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliOptions {
  readonly cwd: string;
  /** The shiplog settings of this run; none of the test runner's own SHIPLOG_* variables leak in. */
  readonly env?: Readonly<Record<string, string>>;
  /** Written to the command's stdin, which is then closed (default: no stdin). */
  readonly stdin?: string;
}

/** Runs the real `shiplog` command as a child process, as a user would. */
export function shiplog(args: readonly string[], options: CliOptions): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const inherited = Object.entries(process.env).filter(([name]) => !name.startsWith('SHIPLOG_'));
    const env = { ...Object.fromEntries(inherited), ...options.env };
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: options.cwd,
      env,
      stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    if (options.stdin !== undefined) child.stdin?.end(options.stdin);
  });
}

/** A `shiplog` process left running: wait for its stderr to say something, signal it, await its end. */
export interface RunningShiplog {
  /** Resolves once everything the process wrote to stderr so far matches `pattern`. */
  stderrMatches(pattern: RegExp): Promise<void>;
  kill(signal: NodeJS.Signals): void;
  readonly exited: Promise<CliRun>;
}

/** Starts the real `shiplog` command as a child process and returns without waiting for it. */
export function startShiplog(args: readonly string[], options: CliOptions): RunningShiplog {
  const inherited = Object.entries(process.env).filter(([name]) => !name.startsWith('SHIPLOG_'));
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: options.cwd,
    env: { ...Object.fromEntries(inherited), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiting: { pattern: RegExp; resolve: () => void }[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const w of waiting.filter((w) => w.pattern.test(stderr))) {
      waiting.splice(waiting.indexOf(w), 1);
      w.resolve();
    }
  });
  const exited = new Promise<CliRun>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
  return {
    stderrMatches: (pattern) =>
      pattern.test(stderr) ? Promise.resolve() : new Promise((resolve) => waiting.push({ pattern, resolve })),
    kill: (signal) => void child.kill(signal),
    exited,
  };
}
