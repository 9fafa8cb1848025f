import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { onFreePort, startProcess, stopProcess, waitForHttp } from './childProcess.ts';
import { tempDir } from './fixtures.ts';
import { runCommand } from './runCommand.ts';

/** A real OCI distribution server (Debian's docker-registry) with filesystem storage in a temp dir. */
export interface DockerRegistry {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** With `auth`: the user and password htpasswd accepts (HTTP Basic). */
  readonly credentials: { readonly username: string; readonly password: string } | undefined;
  /** Stops the process and deletes its storage. */
  close(): Promise<void>;
}

// docker-registry's htpasswd wants bcrypt (checked on every request: the lowest cost keeps pushes fast);
// Debian's python3 makes one through libxcrypt.
async function htpasswdLine(username: string, password: string): Promise<string> {
  const script =
    'import crypt,sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16)))';
  const made = await runCommand('/usr/bin/python3', ['-W', 'ignore', '-c', script, password]);
  const hash = made.stdout.trim();
  if (made.code !== 0 || !hash.startsWith('$2')) throw new Error(`cannot make a bcrypt hash: ${made.stderr}`);
  return `${username}:${hash}\n`;
}

/**
 * Starts `docker-registry serve` on a free port; `close()` it in `afterAll`. With `auth`, every
 * request needs HTTP Basic with a user of its htpasswd file.
 */
export function startDockerRegistry(options: { auth?: boolean } = {}): Promise<DockerRegistry> {
  return onFreePort((port) => startDockerRegistryOn(port, options));
}

async function startDockerRegistryOn(port: number, options: { auth?: boolean }): Promise<DockerRegistry> {
  const dir = await tempDir('oci');
  const credentials =
    options.auth === true ? { username: 'shiplog', password: 'shiplog-oci-password' } : undefined;
  if (credentials !== undefined)
    await writeFile(join(dir, 'htpasswd'), await htpasswdLine(credentials.username, credentials.password));
  const config = [
    'version: 0.1',
    'log: { level: error }',
    'storage:',
    `  filesystem: { rootdirectory: ${join(dir, 'data')} }`,
    '  delete: { enabled: true }',
    ...(credentials === undefined
      ? []
      : [`auth: { htpasswd: { realm: shiplog, path: ${join(dir, 'htpasswd')} } }`]),
    'http:',
    `  addr: 127.0.0.1:${port}`,
    '',
  ].join('\n');
  await writeFile(join(dir, 'config.yml'), config);
  const binary = process.env['DOCKER_REGISTRY_BIN'] ?? 'docker-registry';
  const { child, output } = startProcess(binary, ['serve', join(dir, 'config.yml')]);
  const url = `http://127.0.0.1:${port}`;
  const close = async (): Promise<void> => {
    await stopProcess(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    // Only a distribution registry names its API version: not another server on a stolen port.
    await waitForHttp(`${url}/v2/`, child, output, 30_000, (response) =>
      response.headers.has('docker-distribution-api-version'),
    );
    return { url, credentials, close };
  } catch (error) {
    await close();
    throw error;
  }
}
