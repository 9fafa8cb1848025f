import { afterAll, beforeAll, describe } from 'vitest';
import { tempDir } from '../support/registries/fixtures.ts';
import { actionSuite } from './actionSuite.ts';
import { cliInstallSuite } from './cliInstallSuite.ts';
import { packShiplog, startNpmSandbox } from './npmSandbox.ts';
import type { NpmSandbox } from './npmSandbox.ts';
import { sdkInstallSuite } from './sdkInstallSuite.ts';

// Issue 20, "nothing to install": `npm run pack`'s tarballs published to Verdaccio once, then
// installed and run as a user would, the three suites side by side (mostly waiting on npm).
let sandbox: NpmSandbox;

beforeAll(async () => {
  sandbox = await startNpmSandbox(await packShiplog(await tempDir('packed')));
});
afterAll(async () => sandbox?.close());

describe.concurrent('shiplog installed from a registry', () => {
  cliInstallSuite(() => sandbox);
  sdkInstallSuite(() => sandbox);
  actionSuite(() => sandbox);
});
