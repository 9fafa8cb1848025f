import { cp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { editFile, releaseFixtureDir, tempDir } from '../support/registries/fixtures.ts';
import { runCommand, withoutNpmSettings } from '../support/registries/runCommand.ts';

/**
 * Publishes an earlier version of the fixture's three npm packages with real `npm publish`, so
 * `latest` already names a version before the release runs. (Verdaccio, like npmjs, sets
 * `latest` on a package's first publish whatever tag it comes under.)
 */
export async function publishPriorNpmVersion(
  registryUrl: string,
  token: string,
  version: string,
): Promise<void> {
  const root = await tempDir('npm-prior');
  try {
    const npmrc = join(root, '.npmrc');
    await writeFile(
      npmrc,
      `registry=${registryUrl}\n${registryUrl.replace(/^https?:/, '')}:_authToken=${token}\n`,
    );
    for (const pkg of ['fixture-native-linux-x64', 'fixture-native-darwin-arm64', 'fixture-native']) {
      const dir = join(root, pkg);
      await cp(join(releaseFixtureDir, 'npm', pkg), dir, { recursive: true });
      await editFile(join(dir, 'package.json'), (text) => text.replaceAll('"1.2.0"', `"${version}"`));
      const published = await runCommand(
        'npm',
        [
          'publish',
          '--ignore-scripts',
          '--access',
          'public',
          '--userconfig',
          npmrc,
          '--cache',
          join(root, '.cache'),
        ],
        { cwd: dir, env: withoutNpmSettings() },
      );
      if (published.code !== 0) throw new Error(`npm publish ${pkg}@${version} failed: ${published.stderr}`);
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
