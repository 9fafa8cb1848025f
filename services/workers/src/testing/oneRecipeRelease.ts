import { parseReleaseManifest } from '@shiplog/release';
import type { ReleaseManifest } from '@shiplog/release';

/** A release of one npm package `name` built by `command` from `source`, for worker tests. */
export function oneRecipeRelease(options: {
  readonly release: string;
  readonly version: string;
  readonly name: string;
  readonly command: string[];
  readonly outputs?: string[];
  readonly source?: string;
}): ReleaseManifest {
  return parseReleaseManifest({
    release: options.release,
    version: options.version,
    packages: [
      {
        name: options.name,
        ecosystem: 'npm',
        build: {
          source: options.source ?? 'src',
          command: options.command,
          outputs: options.outputs ?? ['out.bin'],
        },
        registry: { url: 'https://registry.npmjs.org', credentials: { from: 'env', variable: 'NPM_TOKEN' } },
      },
    ],
  });
}
