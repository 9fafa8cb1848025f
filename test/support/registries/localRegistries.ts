import { startCountingProxy, npmPublish, ociPush } from './countingProxy.ts';
import type { CountingProxy } from './countingProxy.ts';
import { startCratesTestServer } from './cratesTestServer.ts';
import type { CratesTestServer } from './cratesTestServer.ts';
import { startDockerRegistry } from './dockerRegistry.ts';
import type { DockerRegistry } from './dockerRegistry.ts';
import { startPypiTestServer } from './pypiTestServer.ts';
import type { PypiTestServer } from './pypiTestServer.ts';
import { startVerdaccio } from './verdaccio.ts';
import type { Verdaccio } from './verdaccio.ts';

/** One number per registry of a release. */
export interface RegistryCounts {
  readonly npm: number;
  readonly cargo: number;
  readonly pypi: number;
  readonly oci: number;
}

/** The environment variables a release against {@link LocalRegistries} reads its credentials from. */
export interface LocalRegistryEnv {
  /** Verdaccio's bearer token. */
  readonly NPM_TOKEN: string;
  /** The crates test server's token (raw). */
  readonly CARGO_REGISTRY_TOKEN: string;
  /** The PyPI test server's API token (sent as `__token__:<token>`). */
  readonly PYPI_TOKEN: string;
  /** docker-registry's htpasswd user, `user:password`. */
  readonly OCI_AUTH: string;
  /** The OIDC token the crates and PyPI test servers exchange for publish tokens. */
  readonly SHIPLOG_OIDC_TOKEN: string;
  readonly [name: string]: string;
}

/** Verdaccio, docker-registry and the crates and PyPI test servers, on random ports of 127.0.0.1. */
export interface LocalRegistries {
  /** Verdaccio, as npm sees it (through an upload counter): `http://127.0.0.1:PORT/`. */
  readonly npmUrl: string;
  /** docker-registry (through an upload counter): `http://127.0.0.1:PORT`. */
  readonly ociUrl: string;
  readonly crates: CratesTestServer;
  readonly pypi: PypiTestServer;
  readonly env: LocalRegistryEnv;
  /** Writes each registry stored (npm publishes, crate versions, PyPI files, OCI blobs + manifests). */
  uploads(): RegistryCounts;
  /** Write requests each registry received, stored or refused (a re-upload counts here, not above). */
  attempts(): RegistryCounts;
  /** Stops every server and deletes their storage; safe to call twice. */
  stop(): Promise<void>;
}

/** Options for {@link startLocalRegistries}. */
export interface LocalRegistriesOptions {
  /** npm scopes that live only in Verdaccio; default `['@shiplog-fixture']`. */
  readonly npmScopes?: readonly string[];
  /** Proxy other npm packages from this registry (default npmjs, for the fixture's detect-libc); `null`: none. */
  readonly npmUplink?: string | null;
}

const oidcToken = 'shiplog-test-oidc-token';

/**
 * Starts the four registries a release publishes to. Verdaccio and docker-registry sit behind
 * counting proxies; the crates and PyPI test servers count for themselves. `stop()` them in
 * `afterAll` (a failing start stops what already runs).
 */
export async function startLocalRegistries(options: LocalRegistriesOptions = {}): Promise<LocalRegistries> {
  const closers: (() => Promise<void>)[] = [];
  const stop = async (): Promise<void> => {
    const pending = closers.splice(0).reverse();
    await Promise.allSettled(pending.map((close) => close()));
  };
  const track = <T extends { close(): Promise<void> }>(server: T): T => {
    closers.push(() => server.close());
    return server;
  };
  try {
    const uplink = options.npmUplink === undefined ? 'https://registry.npmjs.org/' : options.npmUplink;
    // allSettled: a server that comes up after another failed is still tracked, then stopped.
    const started = await Promise.allSettled([
      startVerdaccio({
        ...(uplink === null ? {} : { uplink }),
        localScopes: options.npmScopes ?? ['@shiplog-fixture'],
      }).then((v: Verdaccio) => track(v)),
      startDockerRegistry({ auth: true }).then((r: DockerRegistry) => track(r)),
      startCratesTestServer({ oidcToken }).then((s) => track(s)),
      startPypiTestServer({ oidcToken }).then((s) => track(s)),
    ]);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    const [verdaccio, registry, crates, pypi] = started.map((s) =>
      s.status === 'fulfilled' ? s.value : undefined,
    ) as [Verdaccio, DockerRegistry, CratesTestServer, PypiTestServer];
    const npmProxy: CountingProxy = track(await startCountingProxy(verdaccio.url, npmPublish));
    const ociProxy: CountingProxy = track(await startCountingProxy(registry.url, ociPush));
    const oci = registry.credentials;
    if (oci === undefined) throw new Error('docker-registry started without credentials');
    return {
      npmUrl: `${npmProxy.url}/`,
      ociUrl: ociProxy.url,
      crates,
      pypi,
      env: {
        NPM_TOKEN: verdaccio.token,
        CARGO_REGISTRY_TOKEN: crates.token,
        PYPI_TOKEN: pypi.token,
        OCI_AUTH: `${oci.username}:${oci.password}`,
        SHIPLOG_OIDC_TOKEN: oidcToken,
      },
      uploads: () => ({
        npm: npmProxy.uploads,
        cargo: crates.uploads,
        pypi: pypi.uploads,
        oci: ociProxy.uploads,
      }),
      attempts: () => ({
        npm: npmProxy.attempts,
        cargo: crates.uploadAttempts,
        pypi: pypi.uploadAttempts,
        oci: ociProxy.attempts,
      }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
