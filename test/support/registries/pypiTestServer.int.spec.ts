import { appendFile, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixturePython, tempDir } from './fixtures.ts';
import { startPypiTestServer } from './pypiTestServer.ts';
import type { PypiTestServer } from './pypiTestServer.ts';
import { pipDownload, pipSdistOnly, pipWheelOnly } from './pipDownload.ts';
import { runCommand } from './runCommand.ts';

// The test server is trusted only because real twine uploads to it and real pip downloads the
// same bytes back from its simple index.
describe('PyPI test server, driven by real twine and pip', () => {
  let server: PypiTestServer;
  let built: { sdist: string; wheel: string; dir: string };
  const dirs: string[] = [];
  const twine = (files: string[], token: string) =>
    runCommand(
      'twine',
      [
        'upload',
        '--non-interactive',
        '--disable-progress-bar',
        '--repository-url',
        server.uploadUrl,
        '-u',
        '__token__',
        '-p',
        token,
        ...files,
      ],
      {
        env: { ...process.env, PYTHON_KEYRING_BACKEND: 'keyring.backends.null.Keyring' },
      },
    );
  const download = (dest: string, extra: readonly string[]) =>
    pipDownload(server.indexUrl, dest, 'shiplog-fixture==1.2.0', extra);

  beforeAll(async () => {
    server = await startPypiTestServer();
    built = await buildFixturePython();
    dirs.push(join(built.dir, '..'));
  });
  afterAll(async () => {
    await server?.close();
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('refuses twine with a wrong token and accepts the fixture sdist and wheel with the right one', async () => {
    const denied = await twine([built.wheel], 'wrong');
    expect(denied.code).not.toBe(0);
    expect(denied.stdout + denied.stderr).toContain('403');

    const uploaded = await twine([built.wheel, built.sdist], server.token);
    expect(uploaded.code, uploaded.stdout + uploaded.stderr).toBe(0);
    expect(server.uploads).toBe(2);
  });

  it('serves pip the same wheel and sdist bytes through its simple index', async () => {
    const dest = await tempDir('pip-download');
    dirs.push(dest);
    const wheel = await download(dest, pipWheelOnly);
    expect(wheel.code, wheel.stderr).toBe(0);
    const sdist = await download(dest, pipSdistOnly);
    expect(sdist.code, sdist.stderr).toBe(0);
    for (const file of [built.wheel, built.sdist]) {
      const name = file.split('/').at(-1) ?? '';
      expect(await readFile(join(dest, name))).toEqual(await readFile(file));
    }
  });

  it('answers twine re-uploading the same files with success and writes nothing', async () => {
    const again = await twine([built.wheel, built.sdist], server.token);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(server.uploads).toBe(2);
  });

  it('refuses other bytes under an existing file name with "File already exists"', async () => {
    await appendFile(join(built.dir, 'shiplog_fixture', '__init__.py'), '\n# changed after release\n');
    const rebuilt = await runCommand(
      '/usr/bin/python3',
      ['-m', 'build', '--no-isolation', '--wheel', '--outdir', 'dist2', '.'],
      { cwd: built.dir },
    );
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    const changed = join(built.dir, 'dist2', 'shiplog_fixture-1.2.0-py3-none-any.whl');
    expect(await readFile(changed)).not.toEqual(await readFile(built.wheel));

    const refused = await twine([changed], server.token);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain('File already exists');
    expect(server.uploads).toBe(2);
  });

  it('refuses an upload whose digest does not match its bytes', async () => {
    const bytes = await readFile(built.wheel);
    const form = new FormData();
    for (const [key, value] of [
      [':action', 'file_upload'],
      ['protocol_version', '1'],
      ['name', 'shiplog-fixture'],
      ['version', '1.2.0'],
      ['filetype', 'bdist_wheel'],
      ['pyversion', 'py3'],
      ['sha256_digest', '0'.repeat(64)],
    ]) {
      form.append(key ?? '', value ?? '');
    }
    form.append('content', new Blob([bytes]), 'shiplog_fixture-1.2.0-py3-none-any.whl');
    const response = await fetch(server.uploadUrl, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`__token__:${server.token}`).toString('base64')}` },
      body: form,
    });
    expect(response.status).toBe(400);
    expect(response.statusText).toContain('The digest supplied does not match');
    expect(server.uploads).toBe(2);
  });

  it('answers 404 for a project it does not hold, as pip expects', async () => {
    const dest = join(await tempDir('pip-missing'), 'out');
    dirs.push(join(dest, '..'));
    await mkdir(dest);
    const missing = await pipDownload(server.indexUrl, dest, 'not-published-here==1.0', []);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('No matching distribution found for not-published-here==1.0');
  });
});
