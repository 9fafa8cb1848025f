import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort, startProcess, stopProcess, waitForHttp } from './childProcess.ts';
import { tempDir } from './fixtures.ts';

/** A real OCI distribution server (Debian's docker-registry) with filesystem storage in a temp dir. */
export interface DockerRegistry {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** Stops the process and deletes its storage. */
  close(): Promise<void>;
}

/** Starts `docker-registry serve` on a free port; `close()` it in `afterAll`. */
export async function startDockerRegistry(): Promise<DockerRegistry> {
  const dir = await tempDir('oci');
  const port = await freePort();
  const config = [
    'version: 0.1',
    'log: { level: error }',
    'storage:',
    `  filesystem: { rootdirectory: ${join(dir, 'data')} }`,
    '  delete: { enabled: true }',
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
    await waitForHttp(`${url}/v2/`, child, output);
    return { url, close };
  } catch (error) {
    await close();
    throw error;
  }
}
