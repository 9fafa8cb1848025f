import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createGithubClient } from '@shiplog/registries';
import type { GithubClient } from '@shiplog/registries';
import { startGithubTestServer } from '../support/registries/githubTestServer.ts';
import type { GithubTestServer } from '../support/registries/githubTestServer.ts';
import { selfSignedCert } from '../support/registries/selfSignedCert.ts';

/** Where a GitHub suite runs: the local release server (the default), or GitHub itself. */
export interface GithubTarget {
  readonly client: GithubClient;
  readonly badTokenClient: GithubClient;
  /** `owner/name` */
  readonly repository: string;
  /** `gh`'s environment and its `-R` for this repository (GH_HOST + GH_ENTERPRISE_TOKEN + SSL_CERT_FILE locally). */
  readonly gh: { readonly env: NodeJS.ProcessEnv; readonly repo: string };
  /** The local server, for its counters; undefined against GitHub. */
  readonly server: GithubTestServer | undefined;
  close(): Promise<void>;
}

export interface GithubTargetFactory {
  readonly name: string;
  start(dir: string): Promise<GithubTarget>;
}

/** gh's environment for `host`: its own config dir, no prompts, the token (and CA) in `auth`. */
function ghEnv(dir: string, host: string, auth: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    HOME: dir,
    GH_CONFIG_DIR: join(dir, 'gh-config'),
    GH_HOST: host,
    GH_PROMPT_DISABLED: '1',
    NO_COLOR: '1',
    ...auth,
  };
}

/** gh reaches an Enterprise host over https only: the server serves TLS with a throw-away cert gh trusts. */
export const githubTestServerTarget: GithubTargetFactory = {
  name: 'the local GitHub release server',
  async start(dir) {
    const tls = await selfSignedCert();
    const certFile = join(dir, 'github-test-cert.pem');
    await writeFile(certFile, tls.cert);
    const server = await startGithubTestServer({ tls });
    const host = new URL(server.httpsUrl ?? '').host;
    const apiUrl = `${server.httpUrl}/api/v3`;
    return {
      client: createGithubClient({ apiUrl, token: server.token }),
      badTokenClient: createGithubClient({ apiUrl, token: 'ghp_not_the_token' }),
      repository: 'ruvnet/ruvector',
      gh: {
        env: ghEnv(dir, host, { GH_ENTERPRISE_TOKEN: server.token, SSL_CERT_FILE: certFile }),
        repo: `${host}/ruvnet/ruvector`,
      },
      server,
      close: () => server.close(),
    };
  },
};

/**
 * The targets to run: always the local server; GitHub too when SHIPLOG_TEST_GITHUB_TOKEN and
 * SHIPLOG_TEST_GITHUB_REPOSITORY (a scratch repository: the suite creates and deletes releases and
 * tags there) are set, with SHIPLOG_TEST_GITHUB_API_URL for an Enterprise server.
 */
export function githubTargets(env: NodeJS.ProcessEnv): GithubTargetFactory[] {
  const token = env['SHIPLOG_TEST_GITHUB_TOKEN'];
  const repository = env['SHIPLOG_TEST_GITHUB_REPOSITORY'];
  if (token === undefined || token === '' || repository === undefined || repository === '')
    return [githubTestServerTarget];
  const apiUrl = env['SHIPLOG_TEST_GITHUB_API_URL'] ?? 'https://api.github.com';
  const host = apiUrl === 'https://api.github.com' ? 'github.com' : new URL(apiUrl).host;
  const real: GithubTargetFactory = {
    name: `GitHub at ${apiUrl}`,
    start: (dir) =>
      Promise.resolve({
        client: createGithubClient({ apiUrl, token }),
        badTokenClient: createGithubClient({ apiUrl, token: 'ghp_shiplog_invalid_token' }),
        repository,
        gh: {
          env: ghEnv(dir, host, host === 'github.com' ? { GH_TOKEN: token } : { GH_ENTERPRISE_TOKEN: token }),
          repo: `${host}/${repository}`,
        },
        server: undefined,
        close: () => Promise.resolve(),
      }),
  };
  return [githubTestServerTarget, real];
}
