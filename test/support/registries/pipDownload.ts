import { runCommand } from './runCommand.ts';

/** Only wheels, or only the sdist (pip builds its metadata, so no build isolation offline). */
export const pipWheelOnly = ['--only-binary', ':all:'];
export const pipSdistOnly = ['--no-binary', ':all:', '--no-build-isolation'];

/** Real `pip download --no-deps REQUIREMENT` from a simple index into `dest`, with `extra` options. */
export function pipDownload(
  indexUrl: string,
  dest: string,
  requirement: string,
  extra: readonly string[],
): ReturnType<typeof runCommand> {
  return runCommand(
    'python3',
    [
      '-m',
      'pip',
      '--isolated',
      'download',
      '--no-cache-dir',
      '--no-deps',
      '--index-url',
      indexUrl,
      '-d',
      dest,
      ...extra,
      requirement,
    ],
    // pip prepares an sdist's metadata before saving it; the pyenv python has setuptools but not
    // `wheel`, which Debian's python3-wheel (pure Python) provides.
    { env: { ...process.env, PYTHONPATH: '/usr/lib/python3/dist-packages' } },
  );
}
