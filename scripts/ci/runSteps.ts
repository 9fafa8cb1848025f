import { spawn } from 'node:child_process';

/** One step of the checks `./dev test` runs: a command, run in the repository root. */
export interface Step {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
}

export interface StepTime {
  readonly name: string;
  readonly seconds: number;
  readonly ok: boolean;
}

export interface RunStepsOptions {
  readonly cwd: string;
  /** Where progress lines go (stderr). */
  readonly log: (line: string) => void;
  /** A "still running" line after this much silence from the harness (default 30 s). */
  readonly heartbeatMs?: number;
}

const seconds = (ms: number): number => Math.round(ms / 100) / 10;

/**
 * Runs the steps in order, each with its output passed through, and says what runs: its name and
 * command when it starts, a line every `heartbeatMs` while it runs (type checking and lint print
 * nothing for minutes), and its time when it ends. Stops at the first failing step, as `&&` would.
 */
export async function runSteps(steps: readonly Step[], options: RunStepsOptions): Promise<StepTime[]> {
  const times: StepTime[] = [];
  const started = Date.now();
  for (const [index, step] of steps.entries()) {
    const at = Date.now();
    options.log(`[${index + 1}/${steps.length}] ${step.name}: ${[step.command, ...step.args].join(' ')}`);
    const heartbeat = setInterval(() => {
      options.log(
        `[${index + 1}/${steps.length}] ${step.name} still running (${seconds(Date.now() - at)} s)`,
      );
    }, options.heartbeatMs ?? 30_000);
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(step.command, [...step.args], { cwd: options.cwd, stdio: 'inherit' });
      child.once('error', () => resolve(127));
      child.once('close', resolve);
    });
    clearInterval(heartbeat);
    const time = { name: step.name, seconds: seconds(Date.now() - at), ok: code === 0 };
    times.push(time);
    options.log(
      `[${index + 1}/${steps.length}] ${step.name} ${time.ok ? 'passed' : `FAILED (exit ${String(code)})`} in ${time.seconds} s (${seconds(Date.now() - started)} s so far)`,
    );
    if (!time.ok) break;
  }
  return times;
}
