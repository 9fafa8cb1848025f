import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RegistryErrorCode, sha256Digest } from '@shiplog/registries';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/registries/fixtures.ts';
import { runCommand } from '../support/registries/runCommand.ts';
import { githubTargets } from './githubTargets.ts';
import type { GithubTarget } from './githubTargets.ts';

// The GitHub release client against the local release server, and GitHub's real client (`gh`,
// Debian's 2.23) against both: what one writes the other reads, byte for byte. With
// SHIPLOG_TEST_GITHUB_TOKEN + SHIPLOG_TEST_GITHUB_REPOSITORY set, the same cases run against GitHub.
for (const factory of githubTargets(process.env)) {
  describe(`GitHub releases on ${factory.name}`, () => {
    let target: GithubTarget;
    let dir: string;
    const tags: string[] = [];
    const tag = (what: string): string => {
      const name = `shiplog-test-${what}-${randomBytes(4).toString('hex')}`;
      tags.push(name);
      return name;
    };
    const gh = (args: readonly string[]) =>
      runCommand('gh', [...args, '-R', target.gh.repo], { cwd: dir, env: target.gh.env });

    beforeAll(async () => {
      dir = await tempDir('github');
      target = await factory.start(dir);
    });

    afterAll(async () => {
      // Against GitHub: remove what the suite made, tags too (the local server just goes away).
      if (target?.server === undefined)
        for (const name of tags) await gh(['release', 'delete', name, '--yes', '--cleanup-tag']);
      await target?.close();
    });

    it('creates a draft, uploads assets, publishes it; gh sees the same release and downloads the same bytes', async () => {
      const tagName = tag('client');
      const draft = await target.client.createRelease(target.repository, {
        tagName,
        name: `ruvector ${tagName}`,
        body: 'notes from the ledger',
        draft: true,
      });
      expect(draft.draft).toBe(true);
      // A draft has no tag yet: it is found through the release list.
      expect((await target.client.findRelease(target.repository, tagName))?.id).toBe(draft.id);
      const files = {
        'ruvector-core-linux-x64-gnu.tar.gz': randomBytes(3000),
        SHA256SUMS: Buffer.from('sums\n'),
      };
      for (const [name, bytes] of Object.entries(files))
        await target.client.uploadAsset(draft, name, bytes, 'application/octet-stream');
      const published = await target.client.updateRelease(target.repository, draft.id, { draft: false });
      expect(published.draft).toBe(false);
      const assets = await target.client.listAssets(target.repository, draft.id);
      expect(assets.map((a) => a.name).sort()).toEqual(Object.keys(files).sort());
      for (const asset of assets)
        expect(await target.client.assetDigest(target.repository, asset)).toBe(
          sha256Digest(files[asset.name as keyof typeof files]),
        );

      const viewed = await gh(['release', 'view', tagName, '--json', 'tagName,name,body,isDraft,assets']);
      expect(viewed.code, viewed.stderr).toBe(0);
      const view = JSON.parse(viewed.stdout) as {
        tagName: string;
        body: string;
        isDraft: boolean;
        assets: { name: string; size: number }[];
      };
      expect(view).toMatchObject({ tagName, body: 'notes from the ledger', isDraft: false });
      expect(view.assets.map((a) => [a.name, a.size]).sort()).toEqual(
        Object.entries(files)
          .map(([name, bytes]) => [name, bytes.length])
          .sort(),
      );
      const into = join(dir, 'download', tagName);
      const downloaded = await gh(['release', 'download', tagName, '--dir', into]);
      expect(downloaded.code, downloaded.stderr).toBe(0);
      for (const [name, bytes] of Object.entries(files))
        expect(sha256Digest(await readFile(join(into, name)))).toBe(sha256Digest(bytes));
    });

    it("reads back a release gh created and uploaded to: the client's digests are gh's bytes", async () => {
      const tagName = tag('gh');
      await mkdir(join(dir, 'gh-made'), { recursive: true });
      const first = join(dir, 'gh-made', 'ruvector-wasm.tar.gz');
      const second = join(dir, 'gh-made', 'ruvector-native-darwin-arm64.tar.gz');
      await writeFile(first, randomBytes(2048));
      await writeFile(second, randomBytes(1024));
      const created = await gh([
        'release',
        'create',
        tagName,
        first,
        '--notes',
        'made by gh',
        '--title',
        tagName,
      ]);
      expect(created.code, created.stderr).toBe(0);
      const uploaded = await gh(['release', 'upload', tagName, second]);
      expect(uploaded.code, uploaded.stderr).toBe(0);
      const release = await target.client.findRelease(target.repository, tagName);
      expect(release).toMatchObject({ tagName, body: 'made by gh', draft: false });
      const assets = await target.client.listAssets(target.repository, release?.id ?? 0);
      expect(
        Object.fromEntries(
          await Promise.all(
            assets.map(async (a) => [a.name, await target.client.assetDigest(target.repository, a)]),
          ),
        ),
      ).toEqual({
        'ruvector-wasm.tar.gz': sha256Digest(await readFile(first)),
        'ruvector-native-darwin-arm64.tar.gz': sha256Digest(await readFile(second)),
      });
    });

    it('refuses a second asset of one name (422 already_exists) and a bad token, and finds no release of an unknown tag', async () => {
      const tagName = tag('refusals');
      const release = await target.client.createRelease(target.repository, {
        tagName,
        name: tagName,
        body: '',
        draft: true,
      });
      await target.client.uploadAsset(release, 'a.txt', Buffer.from('one'), 'text/plain');
      await expect(
        target.client.uploadAsset(release, 'a.txt', Buffer.from('two'), 'text/plain'),
      ).rejects.toMatchObject({
        code: RegistryErrorCode.Rejected,
        status: 422,
      });
      await expect(target.badTokenClient.findRelease(target.repository, tagName)).rejects.toMatchObject({
        code: RegistryErrorCode.AuthFailed,
      });
      expect(await target.client.findRelease(target.repository, `${tagName}-none`)).toBeUndefined();
    });

    it('gh needs nothing the local server does not serve', () => {
      if (target.server !== undefined) expect(target.server.unknown()).toEqual([]);
    });
  });
}
