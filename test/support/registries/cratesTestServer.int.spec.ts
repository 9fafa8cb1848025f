import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCratesTestServer } from './cratesTestServer.ts';
import type { CratesTestServer } from './cratesTestServer.ts';
import { copyFixtureCrates, tempDir } from './fixtures.ts';
import { runCommand } from './runCommand.ts';

// The test server is trusted only because real cargo publishes to it, resolves from its sparse
// index, downloads from it and yanks through it.
describe('crates test server, driven by real cargo', () => {
  let server: CratesTestServer;
  let workspace: string;
  let cargoHome: string;
  const dirs: string[] = [];
  const cargo = (args: string[], cwd: string, token?: string) =>
    runCommand('cargo', args, {
      cwd,
      env: {
        ...process.env,
        CARGO_HOME: cargoHome,
        CARGO_NET_OFFLINE: 'false',
        CARGO_TARGET_DIR: join(cwd, 'target'),
        ...(token === undefined ? {} : { CARGO_REGISTRIES_SHIPLOGTEST_TOKEN: token }),
      },
    });
  const configure = async (dir: string): Promise<void> => {
    await mkdir(join(dir, '.cargo'), { recursive: true });
    await writeFile(
      join(dir, '.cargo', 'config.toml'),
      `[registries.shiplogtest]\nindex = "sparse+${server.indexUrl}"\n`,
    );
  };

  beforeAll(async () => {
    server = await startCratesTestServer();
    workspace = await copyFixtureCrates('shiplogtest');
    cargoHome = await tempDir('cargo-home');
    dirs.push(join(workspace, '..'), cargoHome);
    await configure(workspace);
  });
  afterAll(async () => {
    await server?.close();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('accepts cargo publish of both fixture crates and refuses a wrong token', async () => {
    const denied = await cargo(
      ['publish', '-p', 'shiplog-fixture-core', '--registry', 'shiplogtest', '--allow-dirty', '--no-verify'],
      workspace,
      'wrong',
    );
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toContain('authentication failed');

    for (const crate of ['shiplog-fixture-core', 'shiplog-fixture-calc']) {
      const published = await cargo(
        ['publish', '-p', crate, '--registry', 'shiplogtest', '--allow-dirty', '--no-verify'],
        workspace,
        server.token,
      );
      expect(published.stderr).toContain(`Published ${crate} v1.2.0`);
      expect(published.code).toBe(0);
    }
    expect(server.uploads).toBe(2);
  });

  it('lets cargo resolve and download both crates from its sparse index, with matching checksums', async () => {
    const app = await tempDir('cargo-app');
    dirs.push(app);
    await mkdir(join(app, 'src'));
    await writeFile(
      join(app, 'src', 'main.rs'),
      'fn main() { println!("{}", shiplog_fixture_calc::sum(&[3, 4])); }\n',
    );
    await writeFile(
      join(app, 'Cargo.toml'),
      '[package]\nname = "consumer"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nshiplog-fixture-calc = { version = "=1.2.0", registry = "shiplogtest" }\n',
    );
    await configure(app);

    const locked = await cargo(['generate-lockfile'], app);
    expect(locked.code, locked.stderr).toBe(0);
    const lock = await readFile(join(app, 'Cargo.lock'), 'utf8');
    const fetched = await cargo(['fetch'], app);
    expect(fetched.code, fetched.stderr).toBe(0);

    const cacheRoot = join(cargoHome, 'registry', 'cache');
    const [cacheDir] = await readdir(cacheRoot);
    for (const crate of ['shiplog-fixture-core', 'shiplog-fixture-calc']) {
      const bytes = await readFile(join(cacheRoot, cacheDir ?? '', `${crate}-1.2.0.crate`));
      const sum = createHash('sha256').update(bytes).digest('hex');
      expect(lock).toContain(
        `name = "${crate}"\nversion = "1.2.0"\nsource = "sparse+${server.indexUrl}"\nchecksum = "${sum}"`,
      );
    }
  });

  it('makes cargo refuse to publish a version twice, and rejects a crate without a licence', async () => {
    const again = await cargo(
      ['publish', '-p', 'shiplog-fixture-core', '--registry', 'shiplogtest', '--allow-dirty', '--no-verify'],
      workspace,
      server.token,
    );
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('already exists');

    const manifest = join(workspace, 'fixture-core', 'Cargo.toml');
    const original = await readFile(manifest, 'utf8');
    await writeFile(
      manifest,
      original.replace('version = "1.2.0"', 'version = "1.2.1"').replace('license = "Apache-2.0"\n', ''),
    );
    const unlicensed = await cargo(
      ['publish', '-p', 'shiplog-fixture-core', '--registry', 'shiplogtest', '--allow-dirty', '--no-verify'],
      workspace,
      server.token,
    );
    await writeFile(manifest, original);
    expect(unlicensed.code).not.toBe(0);
    expect(unlicensed.stderr).toContain('missing or empty metadata fields: license');
    expect(server.uploads).toBe(2);
  });

  it('yanks and unyanks for cargo yank, and shows it in the index', async () => {
    const indexLine = async () => {
      const response = await fetch(`${server.indexUrl}sh/ip/shiplog-fixture-core`);
      return JSON.parse((await response.text()).trim()) as { yanked: boolean };
    };
    const yank = await cargo(
      ['yank', '--registry', 'shiplogtest', '--version', '1.2.0', 'shiplog-fixture-core'],
      workspace,
      server.token,
    );
    expect(yank.code, yank.stderr).toBe(0);
    expect((await indexLine()).yanked).toBe(true);
    const undo = await cargo(
      ['yank', '--undo', '--registry', 'shiplogtest', '--version', '1.2.0', 'shiplog-fixture-core'],
      workspace,
      server.token,
    );
    expect(undo.code, undo.stderr).toBe(0);
    expect((await indexLine()).yanked).toBe(false);
  });

  it('answers over-limit publishes with a 429 cargo shows, then accepts once the limit is spent', async () => {
    const manifest = join(workspace, 'fixture-core', 'Cargo.toml');
    const original = await readFile(manifest, 'utf8');
    await writeFile(manifest, original.replace('version = "1.2.0"', 'version = "1.3.0"'));
    try {
      const retryAt = new Date('2030-01-01T00:00:00Z');
      server.rateLimitPublishes(1, retryAt);
      const publish = [
        'publish',
        '-p',
        'shiplog-fixture-core',
        '--registry',
        'shiplogtest',
        '--allow-dirty',
        '--no-verify',
      ];
      const limited = await cargo(publish, workspace, server.token);
      expect(limited.code).not.toBe(0);
      expect(limited.stderr).toContain('429');
      expect(limited.stderr).toContain(`Please try again after ${retryAt.toUTCString()}`);
      expect(server.uploads).toBe(2);
      const later = await cargo(publish, workspace, server.token);
      expect(later.code, later.stderr).toBe(0);
      expect(server.uploads).toBe(3);
    } finally {
      await writeFile(manifest, original);
    }
  });

  it('rejects a publish body whose lengths do not add up', async () => {
    const body = Buffer.alloc(12);
    body.writeUInt32LE(100, 0);
    const response = await fetch(`${server.url}/api/v1/crates/new`, {
      method: 'PUT',
      headers: { authorization: server.token },
      body,
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { detail: string }[] }).errors[0]?.detail).toContain(
      'invalid upload request',
    );
  });
});
