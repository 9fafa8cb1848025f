import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './freePort.ts';
import { killChild, spawnServer } from './natsServer.ts';

/** One nats-server of a {@link NatsCluster}. */
export interface NatsClusterNode {
  /** The server name (`n1`, `n2`, …): what JetStream reports as a stream's leader. */
  readonly name: string;
  readonly url: string;
  readonly running: boolean;
}

/** Real nats-servers clustered on loopback, JetStream on each with its own store directory. */
export interface NatsCluster {
  readonly nodes: readonly NatsClusterNode[];
  /** Every node's client URL, comma-separated: what `SHIPLOG_NATS_URL` takes. */
  readonly servers: string;
  /** Kills one node with SIGKILL (no goodbye to the cluster), as a crashed machine would. */
  kill(name: string): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * Starts `size` nats-servers (2.9+) forming one cluster with JetStream: cluster routes on free
 * loopback ports picked now, clients on random ports. Resolves once every node accepts clients;
 * JetStream's metadata leader may still be electing (the first API call waits for it).
 */
export async function startNatsCluster(size = 3): Promise<NatsCluster> {
  const workDir = await mkdtemp(join(tmpdir(), 'shiplog-nats-cluster-'));
  const routePorts = await Promise.all(Array.from({ length: size }, freePort));
  const routes = routePorts.map((port) => `nats-route://127.0.0.1:${port}`).join(', ');
  const nodes: { name: string; url: string; child: ChildProcess | undefined }[] = [];
  try {
    const started = await Promise.all(
      routePorts.map(async (routePort, i) => {
        const name = `n${i + 1}`;
        const dir = join(workDir, name);
        await mkdir(dir);
        const config = [
          `server_name: ${name}`,
          'listen: 127.0.0.1:-1',
          `jetstream { store_dir: ${JSON.stringify(join(dir, 'store'))} }`,
          `cluster { name: shiplog-test, listen: 127.0.0.1:${routePort}, routes: [${routes}] }`,
        ].join('\n');
        await writeFile(join(dir, 'nats.conf'), config);
        const { child, port } = await spawnServer(['-c', join(dir, 'nats.conf')]);
        return { name, url: `nats://127.0.0.1:${port}`, child };
      }),
    );
    nodes.push(...started);
  } catch (err) {
    await stopAll(nodes);
    await rm(workDir, { recursive: true, force: true });
    throw err;
  }
  return {
    nodes: nodes.map((node) => ({
      name: node.name,
      url: node.url,
      get running() {
        return node.child !== undefined;
      },
    })),
    servers: nodes.map((node) => node.url).join(','),
    async kill(name) {
      const node = nodes.find((candidate) => candidate.name === name);
      if (node?.child === undefined) throw new Error(`no running node ${name}`);
      const child = node.child;
      node.child = undefined;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
    async dispose() {
      await stopAll(nodes);
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

async function stopAll(nodes: readonly { child: ChildProcess | undefined }[]): Promise<void> {
  await Promise.all(nodes.map((node) => (node.child ? killChild(node.child) : Promise.resolve())));
}
