// Writes the demo's copy of the fixture release (test/fixtures/release) into DEMO_DIR/release with
// a manifest whose every registry is one of the local registries, and an ephemeral Ed25519 signing
// key (PKCS#8 PEM) with its public key beside it.
//   node scripts/demo/prepareRelease.ts DEMO_DIR REGISTRIES_JSON
// Prints the manifest's path.
import { generateKeyPairSync } from 'node:crypto';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseReleaseManifest } from '@shiplog/release';
import type { ReleaseManifest, ReleasePackage } from '@shiplog/release';
import type { LocalRegistriesInfo } from './localRegistries.ts';

const fixtureDir = resolve(import.meta.dirname, '..', '..', 'test', 'fixtures', 'release');

/**
 * Where each package goes. The packages the fixture publishes by trusted publishing (`oidc`) keep
 * it (the test servers exchange SHIPLOG_OIDC_TOKEN); the others read a token variable.
 */
export function localRegistry(pkg: ReleasePackage, info: LocalRegistriesInfo): ReleasePackage['registry'] {
  const env = (variable: string) => ({ from: 'env', variable }) as const;
  const oidc = pkg.registry.credentials.from === 'oidc' ? pkg.registry.credentials : undefined;
  switch (pkg.ecosystem) {
    case 'npm':
      return { url: info.npmUrl, credentials: env('NPM_TOKEN') };
    case 'cargo':
      return {
        url: info.crates.url,
        index: `sparse+${info.crates.indexUrl}`,
        credentials: oidc ?? env('CARGO_REGISTRY_TOKEN'),
      };
    case 'pypi':
      return { url: info.pypi.uploadUrl, index: info.pypi.indexUrl, credentials: oidc ?? env('PYPI_TOKEN') };
    case 'oci-wasm':
      return {
        url: info.ociUrl,
        repository: pkg.registry.repository ?? pkg.name,
        credentials: env('OCI_AUTH'),
      };
  }
}

async function prepare(demoDir: string, registriesFile: string): Promise<string> {
  const info = JSON.parse(await readFile(registriesFile, 'utf8')) as LocalRegistriesInfo;
  const dir = join(demoDir, 'release');
  await cp(fixtureDir, dir, { recursive: true, preserveTimestamps: true });
  const manifestPath = join(dir, 'shiplog-release.json');
  const fixture: ReleaseManifest = parseReleaseManifest(JSON.parse(await readFile(manifestPath, 'utf8')));
  const manifest = {
    ...fixture,
    packages: fixture.packages.map((pkg) => ({ ...pkg, registry: localRegistry(pkg, info) })),
  };
  // The manifest must still be one shiplog accepts, before the demo relies on it.
  parseReleaseManifest(manifest);
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  await writeFile(join(demoDir, 'signing-key.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }), {
    mode: 0o600,
  });
  await writeFile(join(demoDir, 'signing-key.pub.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
  return manifestPath;
}

const [demoDir, registriesFile] = process.argv.slice(2);
if (demoDir === undefined || registriesFile === undefined) {
  process.stderr.write('usage: prepareRelease.ts DEMO_DIR REGISTRIES_JSON\n');
  process.exitCode = 2;
} else {
  process.stdout.write(`${await prepare(demoDir, registriesFile)}\n`);
}
