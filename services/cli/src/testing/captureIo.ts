import { PassThrough, Readable } from 'node:stream';
import type { CommandIo } from '../command.ts';

/** What a command under test is given, and what it wrote. */
export interface CapturedIo {
  readonly io: CommandIo;
  out(): string;
  err(): string;
}

/**
 * A `CommandIo` for running a command in process: stdout and stderr captured, stdin holding
 * `stdinText` (a terminal with nothing to read when `isTTY`), `env` as the whole environment.
 */
export function captureIo(options: {
  cwd: string;
  env?: Record<string, string>;
  stdinText?: string;
  isTTY?: boolean;
}): CapturedIo {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (c: Buffer) => out.push(c.toString()));
  stderr.on('data', (c: Buffer) => err.push(c.toString()));
  const text = options.stdinText;
  const stdin = Object.assign(Readable.from(text === undefined ? [] : [Buffer.from(text)]), {
    isTTY: options.isTTY ?? false,
  });
  const io: CommandIo = { stdout, stderr, stdin, env: options.env ?? {}, cwd: options.cwd };
  return { io, out: () => out.join(''), err: () => err.join('') };
}
