// The demo's registries: Verdaccio, docker-registry and the crates and PyPI test servers on random
// ports of 127.0.0.1 (test/support/registries/localRegistries.ts). Prints one JSON line — the URLs
// and the credential variables a release reads — then runs until SIGTERM or SIGINT, or until the
// process that started it is gone, and stops them all (their storage is deleted). On SIGUSR1 it
// writes to stderr how many uploads each registry has stored.
//   node scripts/demo/localRegistries.ts > registries.json
import { startLocalRegistries } from '../../test/support/registries/localRegistries.ts';

/** What the launcher prints (scripts/demo/prepareRelease.ts reads it). */
export interface LocalRegistriesInfo {
  readonly npmUrl: string;
  readonly ociUrl: string;
  readonly crates: { readonly url: string; readonly indexUrl: string };
  readonly pypi: { readonly uploadUrl: string; readonly indexUrl: string };
  readonly env: Readonly<Record<string, string>>;
}

const parent = process.ppid;
// No uplink: the demo installs only the fixture's own packages, and needs no network.
const registries = await startLocalRegistries({ npmUplink: null });
const info: LocalRegistriesInfo = {
  npmUrl: registries.npmUrl,
  ociUrl: registries.ociUrl,
  crates: { url: registries.crates.url, indexUrl: registries.crates.indexUrl },
  pypi: { uploadUrl: registries.pypi.uploadUrl, indexUrl: registries.pypi.indexUrl },
  env: { ...registries.env },
};
process.stdout.write(`${JSON.stringify(info)}\n`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  clearInterval(orphaned);
  const uploads = registries.uploads();
  process.stderr.write(
    `local registries: ${signal}, stopping (uploads stored: ${JSON.stringify(uploads)})\n`,
  );
  await registries.stop();
  process.exit(0);
}
// What the registries stored so far, on request (the demo's proof that a resume uploads nothing).
process.on('SIGUSR1', () => {
  process.stderr.write(`local registries: uploads stored: ${JSON.stringify(registries.uploads())}\n`);
});
process.once('SIGTERM', () => void stop('SIGTERM'));
process.once('SIGINT', () => void stop('SIGINT'));
// A demo killed with SIGKILL cannot stop us: notice that our parent is gone instead.
const orphaned = setInterval(() => {
  if (process.ppid !== parent) void stop('parent gone');
}, 1000);
