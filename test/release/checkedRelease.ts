import { generateKeyPairSync } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { openStore } from '@shiplog/store';
import { afterAll, beforeAll } from 'vitest';
import { startLocalRegistries } from '../support/registries/localRegistries.ts';
import { tempDir } from '../support/registries/fixtures.ts';
import type { LocalRegistries, RegistryCounts } from '../support/registries/localRegistries.ts';
import { shiplog } from '../support/shiplogCli.ts';
import type { CliRun } from '../support/shiplogCli.ts';
import { parseReleaseJson } from './releaseJson.ts';
import type { ReleaseRunJson } from './releaseJson.ts';
import { releasePolicy } from './releaseWorkspace.ts';

/** One small release written from scratch: its sources (path → content) and manifest packages. */
export interface CheckedCase {
  readonly release: string;
  readonly version: string;
  readonly files: Readonly<Record<string, string | Uint8Array>>;
  readonly packages: readonly Record<string, unknown>[];
}

/** A ledger, artifact store, key and policy shared by small releases against `registries`. */
export interface CheckedReleases {
  readonly dir: string;
  /** The shiplog settings of these releases (ledger, artifact store, key, policy, credentials). */
  readonly env: Readonly<Record<string, string>>;
  /** Writes the case under `<dir>/<release>/`; the manifest's path. */
  write(c: CheckedCase): Promise<string>;
  /** Writes the case and runs `shiplog release run … --json` on it (or `resume`, on its id). */
  run(
    c: CheckedCase,
    extra?: readonly string[],
    env?: Readonly<Record<string, string>>,
    command?: 'run' | 'resume',
  ): Promise<{ run: CliRun; json: ReleaseRunJson; sent: RegistryCounts }>;
  /** The ledger's events of a type (substring), their CDEvent JSON as text. */
  events(type: string): Promise<string[]>;
  remove(): Promise<void>;
}

/** An npm package of a case: `npm pack` of `source`, to the local Verdaccio. */
export const npmPackage = (
  registries: LocalRegistries,
  name: string,
  source: string,
  output: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> => ({
  name,
  ecosystem: 'npm',
  build: {
    source,
    command: ['npm', 'pack', '--pack-destination', '.', '--ignore-scripts'],
    outputs: [output],
  },
  registry: { url: registries.npmUrl, credentials: { from: 'env', variable: 'NPM_TOKEN' } },
  ...extra,
});

/** A spec file's local registries and checked releases, started before its tests and removed after. */
export function useCheckedReleases(): {
  readonly registries: LocalRegistries;
  readonly releases: CheckedReleases;
} {
  let registries: LocalRegistries | undefined;
  let releases: CheckedReleases | undefined;
  beforeAll(async () => {
    registries = await startLocalRegistries({ npmUplink: null });
    releases = await openCheckedReleases(registries);
  }, 120_000);
  afterAll(async () => {
    await releases?.remove();
    await registries?.stop();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the registries are not started (beforeAll failed)');
    return value;
  };
  return {
    get registries() {
      return ready(registries);
    },
    get releases() {
      return ready(releases);
    },
  };
}

export async function openCheckedReleases(registries: LocalRegistries): Promise<CheckedReleases> {
  const dir = await tempDir('release-checks');
  const state = join(dir, 'state');
  await mkdir(join(state, 'artifacts'), { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  await writeFile(join(state, 'signing.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }), {
    mode: 0o600,
  });
  await writeFile(join(state, 'policy.json'), JSON.stringify(releasePolicy));
  const store = `sqlite:${join(state, 'ledger.db')}`;
  const settings = {
    ...registries.env,
    SHIPLOG_STORE: store,
    SHIPLOG_ARTIFACTS_DIR: join(state, 'artifacts'),
    SHIPLOG_SIGNING_KEY_FILE: join(state, 'signing.pem'),
    SHIPLOG_SIGNING_KEY_HINT: 'shiplog-e2e-checks',
    SHIPLOG_GATE_POLICY: join(state, 'policy.json'),
  };
  const write = async (c: CheckedCase): Promise<string> => {
    const root = join(dir, c.release);
    for (const [path, content] of Object.entries(c.files)) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), content);
    }
    const manifest = join(root, 'release.json');
    await writeFile(
      manifest,
      JSON.stringify({ release: c.release, version: c.version, packages: c.packages }, null, 2),
    );
    return manifest;
  };
  return {
    dir,
    env: settings,
    write,
    async run(c, extra = [], env = {}, command = 'run') {
      const manifest = await write(c);
      const target = command === 'run' ? manifest : `${c.release}@${c.version}`;
      const before = registries.attempts();
      const run = await shiplog(['release', command, target, '--json', ...extra], {
        cwd: dir,
        env: { ...settings, ...env },
      });
      const after = registries.attempts();
      const sent = {
        npm: after.npm - before.npm,
        cargo: after.cargo - before.cargo,
        pypi: after.pypi - before.pypi,
        oci: after.oci - before.oci,
      };
      return { run, json: parseReleaseJson(run.stdout, run.stderr), sent };
    },
    async events(type) {
      const ledger = await openStore(store);
      try {
        const found: string[] = [];
        for await (const record of ledger.readAll()) if (record.type.includes(type)) found.push(record.data);
        return found;
      } finally {
        await ledger.close();
      }
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
