import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { releaseFixtureDir, tempDir } from './fixtures.ts';
import type { LocalRegistries } from './localRegistries.ts';

/** The fixture release, copied to a temp dir with every registry pointing at local servers. */
export interface LocalReleaseFixture {
  /** The copy's directory (the manifest's sources are relative to it). */
  readonly dir: string;
  /** `<dir>/shiplog-release.json` */
  readonly manifestPath: string;
  /** `<release>@<version>`, e.g. `shiplog-fixture@1.2.0`. */
  readonly id: string;
  /** The manifest as written. */
  readonly manifest: FixtureManifest;
  remove(): Promise<void>;
}

/** The parts of a release manifest this helper reads and rewrites. */
export interface FixtureManifest {
  release: string;
  version: string;
  packages: FixturePackage[];
}

export interface FixturePackage {
  name: string;
  ecosystem: 'cargo' | 'pypi' | 'npm' | 'oci-wasm';
  registry: {
    url: string;
    index?: string;
    repository?: string;
    credentials: { from: 'env'; variable: string } | { from: 'oidc'; audience: string };
  };
  [field: string]: unknown;
}

const env = (variable: string) => ({ from: 'env', variable }) as const;

/**
 * Where each fixture package goes locally. shiplog-fixture-calc and the PyPI project keep the
 * fixture's `oidc` credentials (trusted publishing against the test servers, with
 * SHIPLOG_OIDC_TOKEN); the others read NPM_TOKEN, CARGO_REGISTRY_TOKEN and OCI_AUTH.
 */
export function localTarget(
  pkg: Pick<FixturePackage, 'name' | 'ecosystem' | 'registry'>,
  registries: LocalRegistries,
): FixturePackage['registry'] {
  switch (pkg.ecosystem) {
    case 'npm':
      return { url: registries.npmUrl, credentials: env('NPM_TOKEN') };
    case 'cargo':
      return {
        url: registries.crates.url,
        index: `sparse+${registries.crates.indexUrl}`,
        credentials:
          pkg.registry.credentials.from === 'oidc' ? pkg.registry.credentials : env('CARGO_REGISTRY_TOKEN'),
      };
    case 'pypi':
      return {
        url: registries.pypi.uploadUrl,
        index: registries.pypi.indexUrl,
        credentials: pkg.registry.credentials.from === 'oidc' ? pkg.registry.credentials : env('PYPI_TOKEN'),
      };
    case 'oci-wasm':
      return {
        url: registries.ociUrl,
        repository: pkg.registry.repository ?? pkg.name,
        credentials: env('OCI_AUTH'),
      };
  }
}

/**
 * Copies test/fixtures/release to a temp dir and rewrites its manifest for `registries`.
 * `edit` may change the manifest further (another version, fewer packages) before it is written.
 */
export async function localReleaseFixture(
  registries: LocalRegistries,
  edit?: (manifest: FixtureManifest) => FixtureManifest,
): Promise<LocalReleaseFixture> {
  const dir = join(await tempDir('release'), 'release');
  await cp(releaseFixtureDir, dir, { recursive: true, preserveTimestamps: true });
  const manifestPath = join(dir, 'shiplog-release.json');
  const original = JSON.parse(await readFile(manifestPath, 'utf8')) as FixtureManifest;
  const local: FixtureManifest = {
    ...original,
    packages: original.packages.map((pkg) => ({ ...pkg, registry: localTarget(pkg, registries) })),
  };
  const manifest = edit === undefined ? local : edit(local);
  await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  return {
    dir,
    manifestPath,
    id: `${manifest.release}@${manifest.version}`,
    manifest,
    remove: () => rm(join(dir, '..'), { recursive: true, force: true }),
  };
}
