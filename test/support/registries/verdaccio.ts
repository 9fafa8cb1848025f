import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { tempDir } from './fixtures.ts';
import { onFreePort, startProcess, stopProcess, waitForHttp } from './childProcess.ts';

/** A real Verdaccio npm registry on 127.0.0.1, temp storage, htpasswd auth, no uplinks. */
export interface Verdaccio {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  /** A bearer token of the user created at start. */
  readonly token: string;
  readonly username: string;
  /** Stops the process and deletes its storage. */
  close(): Promise<void>;
}

const verdaccioBin = join(
  dirname(createRequire(import.meta.url).resolve('verdaccio/package.json')),
  'bin',
  'verdaccio',
);

/**
 * Starts Verdaccio and creates a user through the npm adduser API; `close()` it in `afterAll`.
 * With `uplink`, packages outside `localScopes` are proxied from it (for `npm install` of real
 * dependencies); packages in those scopes live only here.
 */
export function startVerdaccio(
  options: { uplink?: string; localScopes?: readonly string[] } = {},
): Promise<Verdaccio> {
  return onFreePort((port) => startVerdaccioOn(port, options));
}

async function startVerdaccioOn(
  port: number,
  options: { uplink?: string; localScopes?: readonly string[] },
): Promise<Verdaccio> {
  const dir = await tempDir('verdaccio');
  await mkdir(join(dir, 'storage'));
  const config = [
    `storage: ${join(dir, 'storage')}`,
    'auth:',
    '  htpasswd:',
    `    file: ${join(dir, 'htpasswd')}`,
    '    max_users: 10',
    ...(options.uplink === undefined
      ? ['uplinks: {}']
      : ['uplinks:', '  upstream:', `    url: ${options.uplink}`]),
    'packages:',
    ...(options.localScopes ?? []).flatMap((scope) => [
      `  '${scope}/*':`,
      '    access: $all',
      '    publish: $authenticated',
      '    unpublish: $authenticated',
    ]),
    "  '**':",
    '    access: $all',
    '    publish: $authenticated',
    '    unpublish: $authenticated',
    ...(options.uplink === undefined ? [] : ['    proxy: upstream']),
    'server:',
    '  keepAliveTimeout: 0',
    'log: { type: stdout, format: pretty, level: warn }',
    '',
  ].join('\n');
  await writeFile(join(dir, 'config.yaml'), config);
  const { child, output } = startProcess(
    process.execPath,
    [verdaccioBin, '--config', join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`],
    { cwd: dir },
  );
  const url = `http://127.0.0.1:${port}/`;
  const close = async (): Promise<void> => {
    await stopProcess(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForHttp(`${url}-/ping`, child, output, 30_000, (response) => response.ok);
    const username = 'shiplog';
    const response = await fetch(`${url}-/user/org.couchdb.user:${username}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: username,
        password: 'shiplog-test-password',
        type: 'user',
        roles: [],
        date: new Date().toISOString(),
      }),
    });
    const body = (await response.json()) as { token?: string };
    if (!response.ok || body.token === undefined)
      throw new Error(`adduser failed: ${response.status} ${JSON.stringify(body)}`);
    return { url, token: body.token, username, close };
  } catch (error) {
    await close();
    throw error;
  }
}
