import { createRequire } from 'node:module';

/** The version of this command line: its package.json's (read beside src/ or the published dist/). */
export function cliVersion(): string {
  const manifest = createRequire(import.meta.url)('../package.json') as { version: string };
  return manifest.version;
}
