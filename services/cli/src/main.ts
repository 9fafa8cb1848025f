import type { Command, CommandIo } from './command.ts';
import { TamperedError, UsageError } from './command.ts';
import { ExitCode } from './exitCodes.ts';
import { verifyCommand } from './commands/verify.ts';
import { validateCommand } from './commands/validate.ts';
import { emitCommand } from './commands/emit.ts';
import { serveCommand } from './commands/serve.ts';
import { gateCommand } from './commands/gate.ts';
import { deployedCommand } from './commands/deployed.ts';
import { historyCommand } from './commands/history.ts';
import { whyCommand } from './commands/why.ts';
import { doraCommand } from './commands/dora.ts';
import { rollbackTargetCommand } from './commands/rollbackTarget.ts';
import { replayCommand } from './commands/replay.ts';
import { releaseCommand } from './commands/release.ts';
import { devCommand } from './commands/dev.ts';
import { checkpointCommand } from './commands/checkpoint.ts';
import { exportCommand } from './commands/exportAudit.ts';
import { snapshotCommand } from './commands/snapshot.ts';
import { cliVersion } from './version.ts';

const commands: readonly Command[] = [
  devCommand,
  emitCommand,
  validateCommand,
  verifyCommand,
  checkpointCommand,
  exportCommand,
  serveCommand,
  gateCommand,
  deployedCommand,
  historyCommand,
  whyCommand,
  doraCommand,
  rollbackTargetCommand,
  replayCommand,
  releaseCommand,
  snapshotCommand,
];

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 8);
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `usage: shiplog <command> [options]\n       shiplog help <command>\n       shiplog --version\n\ncommands:\n${lines.join('\n')}\n\nRun 'shiplog help <command>' (or 'shiplog <command> --help') for a command's options.\n`;
}

function unknownCommand(name: string, io: CommandIo): ExitCode {
  io.stderr.write(`shiplog: unknown command '${name}'\n\n${helpText()}`);
  return ExitCode.Usage;
}

/** `shiplog help [command]`: the list of commands, or one command's usage. */
function help(rest: readonly string[], io: CommandIo): ExitCode {
  const [topic, ...extra] = rest;
  if (topic === undefined) {
    io.stdout.write(helpText());
    return ExitCode.Done;
  }
  const command = commands.find((c) => c.name === topic);
  if (command === undefined) return unknownCommand(topic, io);
  if (extra.length > 0) {
    io.stderr.write(`shiplog help: takes one command name, got '${rest.join(' ')}'\n\n${helpText()}`);
    return ExitCode.Usage;
  }
  io.stdout.write(`${command.usage}\n`);
  return ExitCode.Done;
}

/** Runs the shiplog command line; resolves to the process exit code. */
export async function main(argv: readonly string[], io: CommandIo = processIo()): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.stderr.write(helpText());
    return ExitCode.Usage;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    io.stdout.write(`${cliVersion()}\n`);
    return ExitCode.Done;
  }
  if (name === 'help' || name === '--help' || name === '-h') return help(rest, io);
  const command = commands.find((c) => c.name === name);
  if (command === undefined) return unknownCommand(name, io);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.usage}\n`);
    return ExitCode.Done;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`shiplog ${command.name}: ${err.message}\n\n${command.usage}\n`);
      return ExitCode.Usage;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`shiplog ${command.name}: ${message}\n`);
    return err instanceof TamperedError ? ExitCode.Tampered : ExitCode.Failure;
  }
}

function processIo(): CommandIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    cwd: process.cwd(),
  };
}
