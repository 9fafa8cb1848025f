import { spawn } from 'node:child_process';
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NpmSandbox } from './npmSandbox.ts';

const repoRoot = join(import.meta.dirname, '..', '..');
const pipeline = join(repoRoot, 'examples', 'checkout-pipeline.ndjson');
const { version } = JSON.parse(await readFile(join(repoRoot, 'services', 'cli', 'package.json'), 'utf8')) as {
  version: string;
};

let sandbox: NpmSandbox;

/** Starts the installed `shiplog dev --port 0` in `cwd`; resolves to its API URL and token once it says where it listens. */
function startDev(
  shiplog: string,
  cwd: string,
): Promise<{ url: string; token: string; stop: () => Promise<number | null> }> {
  const child = spawn(shiplog, ['dev', '--port', '0'], {
    cwd,
    env: sandbox.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  const stop = (): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    return exited;
  };
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const url = /^ {2}api +(http:\/\/\S+)/m.exec(stdout)?.[1];
      const token = /API token for this run \(role admin\): (\S+)/.exec(stderr)?.[1];
      if (url !== undefined && token !== undefined) resolve({ url, token, stop });
    };
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => ((stdout += chunk), check()));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => ((stderr += chunk), check()));
    void exited.then((code) => reject(new Error(`shiplog dev exited (${code}):\n${stdout}${stderr}`)));
  });
}

/** `@shiplog/cli` from the registry, with `npm install -g` and with `npx`, each in an empty directory. */
export function cliInstallSuite(getSandbox: () => NpmSandbox): void {
  describe('@shiplog/cli installed from a registry into an empty directory', () => {
    beforeAll(() => {
      sandbox = getSandbox();
    });
    it('npm install -g --prefix: --version, emit into an embedded store, deployed, and dev answering over HTTP', async () => {
      const prefix = await sandbox.emptyDir('global');
      const installed = await sandbox.npm(['install', '-g', '--prefix', prefix, '@shiplog/cli'], sandbox.dir);
      expect(installed.code, installed.stderr).toBe(0);
      const shiplog = join(prefix, 'bin', 'shiplog');
      const work = await sandbox.emptyDir('work');

      const printed = await sandbox.run(shiplog, ['--version'], work);
      expect(printed).toMatchObject({ code: 0, stdout: `${version}\n` });

      await copyFile(pipeline, join(work, 'pipeline.ndjson'));
      const emitted = await sandbox.run(shiplog, ['emit', '--json', 'pipeline.ndjson'], work);
      expect(emitted.code, emitted.stderr).toBe(0);
      expect(JSON.parse(emitted.stdout)).toMatchObject({ summary: { recorded: 12, refused: 0 } });

      const deployed = await sandbox.run(shiplog, ['deployed', '--env', 'production', '--json'], work);
      expect(deployed.code, deployed.stderr).toBe(0);
      expect(JSON.parse(deployed.stdout)).toMatchObject({ services: [{ service: 'checkout' }] });

      const dev = await startDev(shiplog, work);
      try {
        const answer = await fetch(`${dev.url}/v1/deployed?env=production`, {
          headers: { authorization: `Bearer ${dev.token}` },
        });
        expect(answer.status).toBe(200);
        expect(await answer.json()).toMatchObject({ services: [{ service: 'checkout' }] });
      } finally {
        expect(await dev.stop()).toBe(0);
      }
    });

    it('npx @shiplog/cli@<version> runs in an empty directory, and a usage error exits 2', async () => {
      const work = await sandbox.emptyDir('npx');
      const npx = (...args: string[]) =>
        sandbox.npm(['exec', '--yes', `@shiplog/cli@${version}`, '--', ...args], work);
      expect(await npx('--version')).toMatchObject({ code: 0, stdout: `${version}\n` });
      const help = await npx('help', 'deployed');
      expect(help.stdout).toMatch(/^usage: shiplog deployed --env E/);
      const unknown = await npx('deploy');
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain("unknown command 'deploy'");
    });
  });
}
