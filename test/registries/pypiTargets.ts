import { createPypiClient } from '@shiplog/registries';
import type { PypiClient } from '@shiplog/registries';
import { startPypiTestServer } from '../support/registries/pypiTestServer.ts';
import type { PypiTestServer } from '../support/registries/pypiTestServer.ts';

/** A PyPI a suite runs against: our test server, or a real one named in the environment. */
export interface PypiTarget {
  readonly client: PypiClient;
  readonly badTokenClient: PypiClient;
  /** Present for the test server only: its switches and counters. */
  readonly server: PypiTestServer | undefined;
  close(): Promise<void>;
}

export interface PypiTargetFactory {
  readonly name: string;
  start(now?: () => Date): Promise<PypiTarget>;
}

export const pypiTestServerTarget: PypiTargetFactory = {
  name: 'the PyPI test server',
  async start(now) {
    const server = await startPypiTestServer();
    const base = {
      uploadUrl: server.uploadUrl,
      indexUrl: server.indexUrl,
      ...(now === undefined ? {} : { now }),
    };
    return {
      client: createPypiClient({ ...base, token: server.token }),
      badTokenClient: createPypiClient({ ...base, token: 'not-the-token' }),
      server,
      close: () => server.close(),
    };
  },
};

/** Always the test server; also a real PyPI (e.g. TestPyPI) when SHIPLOG_TEST_PYPI_URL is set. */
export function pypiTargets(env: NodeJS.ProcessEnv): PypiTargetFactory[] {
  const uploadUrl = env['SHIPLOG_TEST_PYPI_URL'];
  if (uploadUrl === undefined || uploadUrl === '') return [pypiTestServerTarget];
  const indexUrl = env['SHIPLOG_TEST_PYPI_INDEX_URL'] ?? new URL('/simple/', uploadUrl).href;
  const token = env['SHIPLOG_TEST_PYPI_TOKEN'];
  const real: PypiTargetFactory = {
    name: `the PyPI at ${uploadUrl}`,
    start() {
      return Promise.resolve({
        client: createPypiClient({ uploadUrl, indexUrl, ...(token === undefined ? {} : { token }) }),
        badTokenClient: createPypiClient({ uploadUrl, indexUrl, token: 'pypi-shiplog-invalid-token' }),
        server: undefined,
        close: () => Promise.resolve(),
      });
    },
  };
  return [pypiTestServerTarget, real];
}
