import { createCratesClient } from '@shiplog/registries';
import type { CratesClient } from '@shiplog/registries';
import { startCratesTestServer } from '../support/registries/cratesTestServer.ts';
import type { CratesTestServer } from '../support/registries/cratesTestServer.ts';

/** A crates registry a suite runs against: our test server, or a real one named in the environment. */
export interface CratesTarget {
  readonly client: CratesClient;
  /** A client holding a token the registry refuses. */
  readonly badTokenClient: CratesClient;
  /** Present for the test server only: its switches and counters. */
  readonly server: CratesTestServer | undefined;
  close(): Promise<void>;
}

export interface CratesTargetFactory {
  readonly name: string;
  start(): Promise<CratesTarget>;
}

const fast = { indexPollMs: 50, indexTimeoutMs: 10_000 };

export const cratesTestServerTarget: CratesTargetFactory = {
  name: 'the crates test server',
  async start() {
    const server = await startCratesTestServer();
    const base = { apiUrl: server.url, indexUrl: server.indexUrl, ...fast };
    return {
      client: createCratesClient({ ...base, token: server.token }),
      badTokenClient: createCratesClient({ ...base, token: 'not-the-token' }),
      server,
      close: () => server.close(),
    };
  },
};

/** The factories to run: always the test server; a real registry when SHIPLOG_TEST_CRATES_URL is set. */
export function cratesTargets(env: NodeJS.ProcessEnv): CratesTargetFactory[] {
  const apiUrl = env['SHIPLOG_TEST_CRATES_URL'];
  if (apiUrl === undefined || apiUrl === '') return [cratesTestServerTarget];
  const indexUrl = env['SHIPLOG_TEST_CRATES_INDEX_URL'] ?? 'https://index.crates.io/';
  const token = env['SHIPLOG_TEST_CRATES_TOKEN'];
  const real: CratesTargetFactory = {
    name: `the registry at ${apiUrl}`,
    start() {
      const base = { apiUrl, indexUrl, indexPollMs: 2000, indexTimeoutMs: 120_000 };
      return Promise.resolve({
        client: createCratesClient({ ...base, ...(token === undefined ? {} : { token }) }),
        badTokenClient: createCratesClient({ ...base, token: 'shiplog-invalid-token' }),
        server: undefined,
        close: () => Promise.resolve(),
      });
    },
  };
  return [cratesTestServerTarget, real];
}
