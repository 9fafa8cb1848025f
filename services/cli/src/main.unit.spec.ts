import { readFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from './main.ts';
import { ExitCode } from './exitCodes.ts';

const commandNames = [
  'dev',
  'emit',
  'validate',
  'verify',
  'serve',
  'gate',
  'deployed',
  'history',
  'why',
  'dora',
  'replay',
  'release',
];

async function cli(...argv: string[]): Promise<{ code: ExitCode; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (write: (text: string) => void) => {
    const stream = new PassThrough();
    stream.setEncoding('utf8').on('data', write);
    return stream;
  };
  const code = await main(argv, {
    stdout: sink((t) => (stdout += t)),
    stderr: sink((t) => (stderr += t)),
    stdin: new PassThrough(),
    env: {},
    cwd: '/nonexistent',
  });
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout, stderr };
}

describe('shiplog --version and help', () => {
  it('prints the version of its package.json for --version, -V and version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    for (const flag of ['--version', '-V', 'version']) {
      expect(await cli(flag)).toEqual({ code: ExitCode.Done, stdout: `${version}\n`, stderr: '' });
    }
  });

  it.each(commandNames)('prints the usage of %s for help <command> and <command> --help', async (name) => {
    const viaHelp = await cli('help', name);
    expect(viaHelp.code).toBe(ExitCode.Done);
    expect(viaHelp.stdout).toMatch(new RegExp(`^usage: shiplog ${name}\\b`));
    expect(await cli(name, '--help')).toEqual(viaHelp);
  });

  it('lists every command for help, and on stderr with exit 2 when no command is given', async () => {
    const listed = await cli('help');
    expect(listed.code).toBe(ExitCode.Done);
    for (const name of commandNames) expect(listed.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    const bare = await cli();
    expect(bare).toEqual({ code: ExitCode.Usage, stdout: '', stderr: listed.stdout });
  });

  it('answers an unknown command, or help for one, with a usage error (exit 2) naming it', async () => {
    for (const argv of [['deploy'], ['help', 'deploy']]) {
      const run = await cli(...argv);
      expect(run.code).toBe(ExitCode.Usage);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^shiplog: unknown command 'deploy'\n/);
    }
    const extra = await cli('help', 'emit', 'now');
    expect(extra.code).toBe(ExitCode.Usage);
    expect(extra.stderr).toContain("takes one command name, got 'emit now'");
  });
});
