import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCommand, withoutNpmSettings } from '@shiplog/test/registries/runCommand.ts';

/** Sequential `npm publish <tarball>`, one process after the other, as a release script would. */
export async function npmPublishAll(
  dir: string,
  tarballs: readonly string[],
  verdaccio: { readonly url: string; readonly token: string },
): Promise<number> {
  const npmrc = join(dir, '.npmrc');
  await writeFile(
    npmrc,
    `registry=${verdaccio.url}\n${verdaccio.url.replace(/^http:/, '')}:_authToken=${verdaccio.token}\n`,
  );
  const started = performance.now();
  for (const tarball of tarballs) {
    const published = await runCommand(
      'npm',
      [
        'publish',
        tarball,
        '--tag',
        'latest',
        '--userconfig',
        npmrc,
        '--cache',
        join(dir, '.cache'),
        '--no-audit',
        '--no-fund',
      ],
      { cwd: dir, env: withoutNpmSettings() },
    );
    if (published.code !== 0)
      throw new Error(`npm publish ${tarball} failed: ${published.stderr.slice(-1000)}`);
  }
  return performance.now() - started;
}
