import { generateKeyPairSync } from 'node:crypto';
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openStore } from '@shiplog/store';
import { tempDir } from '../support/registries/fixtures.ts';
import { localReleaseFixture } from '../support/registries/localReleaseFixture.ts';
import type { FixtureManifest, LocalReleaseFixture } from '../support/registries/localReleaseFixture.ts';
import type { LocalRegistries } from '../support/registries/localRegistries.ts';
import { shiplog } from '../support/shiplogCli.ts';
import type { CliRun } from '../support/shiplogCli.ts';
import { parseReleaseJson } from './releaseJson.ts';
import type { ReleaseRunJson } from './releaseJson.ts';
import { artifactsOnlyPolicy } from '@shiplog/ledger/testing/artifactsOnlyPolicy.ts';

/** A gate policy asking for what a release here can show: a build, an SBOM and a signature. */
export const releasePolicy = artifactsOnlyPolicy('e2e-release');

/** Writes `<dir>/strict-policy.json`, the release policy plus passing tests (none recorded: it denies); its path. */
export async function writeStrictPolicy(dir: string): Promise<string> {
  const strict = join(dir, 'strict-policy.json');
  const policy = { ...releasePolicy, id: 'e2e-strict', require: { ...releasePolicy.require, tests: true } };
  await writeFile(strict, JSON.stringify(policy));
  return strict;
}

/** One recorded event, its CDEvent parsed. */
export interface LedgerEvent {
  readonly id: string;
  readonly type: string;
  readonly streamId: string;
  readonly event: {
    readonly subject?: { readonly id?: string; readonly content?: Record<string, unknown> };
    readonly customData?: Record<string, unknown>;
  };
}

/** A ledger, an artifact store, a signing key and a policy in one temp dir, with a fixture copy. */
export interface ReleaseWorkspace {
  readonly dir: string;
  /** Holds ledger.db, artifacts/, signing.pem and policy.json (copied whole by `from`). */
  readonly stateDir: string;
  readonly artifactsDir: string;
  readonly fixture: LocalReleaseFixture;
  readonly registries: LocalRegistries;
  /** The `shiplog` command with this workspace's settings and the registries' credentials. */
  cli(args: readonly string[], env?: Readonly<Record<string, string>>): Promise<CliRun>;
  /** `shiplog release <command> <target> --json`, its document parsed. */
  release(
    command: 'run' | 'resume',
    target: string,
    extra?: readonly string[],
  ): Promise<{ run: CliRun; json: ReleaseRunJson }>;
  /** Every event the ledger holds, in log order. */
  ledger(): Promise<LedgerEvent[]>;
  remove(): Promise<void>;
}

export interface WorkspaceOptions {
  readonly registries: LocalRegistries;
  /** Start from a copy of this workspace's ledger, artifacts, key and policy (its recorded builds are reused). */
  readonly from?: ReleaseWorkspace;
  readonly edit?: (manifest: FixtureManifest) => FixtureManifest;
}

async function writeState(stateDir: string): Promise<void> {
  await mkdir(join(stateDir, 'artifacts'), { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  await writeFile(join(stateDir, 'signing.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }), {
    mode: 0o600,
  });
  await writeFile(join(stateDir, 'policy.json'), JSON.stringify(releasePolicy, null, 2));
}

/** Makes a workspace; `remove()` it in `afterAll` (the registries are the caller's). */
export async function openReleaseWorkspace(options: WorkspaceOptions): Promise<ReleaseWorkspace> {
  const dir = await tempDir('release-ws');
  const stateDir = join(dir, 'state');
  if (options.from === undefined) await writeState(stateDir);
  else await cp(options.from.stateDir, stateDir, { recursive: true });
  const fixture = await localReleaseFixture(options.registries, options.edit);
  const storePath = join(stateDir, 'ledger.db');
  const artifactsDir = join(stateDir, 'artifacts');
  const settings = {
    ...options.registries.env,
    SHIPLOG_STORE: `sqlite:${storePath}`,
    SHIPLOG_ARTIFACTS_DIR: artifactsDir,
    SHIPLOG_SIGNING_KEY_FILE: join(stateDir, 'signing.pem'),
    SHIPLOG_SIGNING_KEY_HINT: 'shiplog-e2e-release',
    SHIPLOG_GATE_POLICY: join(stateDir, 'policy.json'),
  };
  const cli = (args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CliRun> =>
    shiplog(args, { cwd: dir, env: { ...settings, ...env } });
  return {
    dir,
    stateDir,
    artifactsDir,
    fixture,
    registries: options.registries,
    cli,
    async release(command, target, extra = []) {
      const run = await cli(['release', command, target, '--json', ...extra]);
      return { run, json: parseReleaseJson(run.stdout, run.stderr) };
    },
    async ledger() {
      const store = await openStore(`sqlite:${storePath}`);
      try {
        const events: LedgerEvent[] = [];
        for await (const record of store.readAll()) {
          events.push({
            id: record.id,
            type: record.type,
            streamId: record.streamId,
            event: JSON.parse(record.data) as LedgerEvent['event'],
          });
        }
        return events;
      } finally {
        await store.close();
      }
    },
    async remove() {
      await fixture.remove();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
