import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createNpmClient } from '@shiplog/registries';
import { delimiter, dirname, join, resolve } from 'node:path';
import { tempDir } from '../support/registries/fixtures.ts';
import { runCommand } from '../support/registries/runCommand.ts';
import type { CommandResult } from '../support/registries/runCommand.ts';
import { startVerdaccio } from '../support/registries/verdaccio.ts';
import type { Verdaccio } from '../support/registries/verdaccio.ts';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const nodeBin = dirname(process.execPath);
/** Where everything but `@shiplog/*` comes from: the registry npm is configured with here. */
const upstream = process.env.npm_config_registry ?? 'https://registry.npmjs.org/';

/**
 * A user's machine without this repository: Verdaccio holding the packed `@shiplog/*` packages
 * (everything else proxied from npmjs), a temp directory, and an environment in which nothing
 * resolves from the repository (no NODE_PATH, no repo `node_modules/.bin` on PATH, no npm_*
 * settings of the test runner), with Node 24 first on PATH.
 */
export interface NpmSandbox {
  /** Verdaccio's URL, `http://127.0.0.1:PORT/`, where `@shiplog/*` is published. */
  readonly registry: string;
  /** The registry everything else comes from. */
  readonly upstream: string;
  /** The sandbox's own temp directory, outside the repository. */
  readonly dir: string;
  /** The environment commands run with (plus what `run` adds). */
  readonly env: Readonly<Record<string, string>>;
  /** A fresh empty directory under `dir`. */
  emptyDir(name: string): Promise<string>;
  /** Runs `command` in `cwd` with the sandbox environment. */
  run(
    command: string,
    args: readonly string[],
    cwd: string,
    env?: Record<string, string>,
  ): Promise<CommandResult>;
  /** Runs npm (the one on PATH, with Node 24 first on PATH). */
  npm(args: readonly string[], cwd: string, env?: Record<string, string>): Promise<CommandResult>;
  close(): Promise<void>;
}

function sandboxEnv(dir: string, userconfig: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || /^(npm_|SHIPLOG_|NODE_PATH$|NODE_OPTIONS$|VITEST)/i.test(name)) continue;
    env[name] = value;
  }
  const path = (process.env.PATH ?? '').split(delimiter).filter((p) => p !== '' && !p.startsWith(repoRoot));
  return {
    ...env,
    PATH: [nodeBin, ...path].join(delimiter),
    npm_config_userconfig: userconfig,
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_cache: join(dir, 'npm-cache'),
    // The cache is this run's own, so nothing in it is stale: skip revalidating what an earlier install fetched.
    npm_config_prefer_offline: 'true',
    TMPDIR: dir,
  };
}

/** Third-party dependencies come from `upstream`: say so plainly when it cannot be reached. */
async function assertReachable(registry: string): Promise<void> {
  try {
    const response = await fetch(new URL('zod', registry), { signal: AbortSignal.timeout(15_000) });
    await response.body?.cancel();
    if (response.ok) return;
    throw new Error(`answered ${response.status}`);
  } catch (error) {
    throw new Error(
      `the install test takes shiplog's third-party dependencies from ${registry} (npm_config_registry), which cannot be reached: ${String(error)}`,
      { cause: error },
    );
  }
}

/** Starts Verdaccio and publishes every tarball in `tarballs` to it with `npm publish`. */
export async function startNpmSandbox(tarballs: readonly string[]): Promise<NpmSandbox> {
  await assertReachable(upstream);
  const dir = await tempDir('install');
  let verdaccio: Verdaccio | undefined;
  try {
    verdaccio = await startVerdaccio({ localScopes: ['@shiplog'] });
    const registry = verdaccio.url;
    const client = createNpmClient({ registryUrl: registry, token: verdaccio.token });
    // shiplog's own npm client sends what `npm publish` sends (PUT of the packument + tarball).
    await Promise.all(
      tarballs.map(async (t) => client.publish(await readFile(t), { tag: 'latest', access: 'public' })),
    );
    const userconfig = join(dir, '.npmrc');
    await writeFile(userconfig, `@shiplog:registry=${registry}\nregistry=${upstream}\n`);
    const env = sandboxEnv(dir, userconfig);
    const run: NpmSandbox['run'] = (command, args, cwd, extra = {}) =>
      runCommand(command, args, { cwd, env: { ...env, ...extra } });
    const npm: NpmSandbox['npm'] = (args, cwd, extra) => run('npm', args, cwd, extra);
    const close = async (): Promise<void> => {
      await verdaccio?.close();
      await rm(dir, { recursive: true, force: true });
    };
    return {
      registry,
      upstream,
      dir,
      env,
      emptyDir: async (name) => {
        const path = join(dir, name);
        await mkdir(path); // fails if it exists: each test starts empty
        return path;
      },
      run,
      npm,
      close,
    };
  } catch (error) {
    await verdaccio?.close();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** Runs `npm run pack` into `out`; resolves to the tarballs. */
export async function packShiplog(out: string): Promise<string[]> {
  const packed = await runCommand(process.execPath, [join(repoRoot, 'packaging', 'pack.ts'), '--out', out], {
    cwd: repoRoot,
  });
  if (packed.code !== 0) throw new Error(`npm run pack failed:\n${packed.stderr}${packed.stdout}`);
  return packed.stdout.trim().split('\n');
}
