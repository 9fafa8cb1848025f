import { z } from 'zod';

/** The registries a release publishes to. */
export const releaseEcosystem = z.enum(['cargo', 'pypi', 'npm', 'oci-wasm']);
export type ReleaseEcosystem = z.infer<typeof releaseEcosystem>;

const relativePath = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.split(/[\\/]/).includes('..'), {
    message: 'must be a relative path inside the manifest directory (no leading / and no ..)',
  });

/**
 * A runner's platform label: `any`, `<os>-<arch>` such as `linux-x64`, or napi-rs's
 * `<os>-<arch>-<abi>` names (`linux-x64-gnu`, `linux-arm64-musl`, `win32-x64-msvc`, `darwin-arm64`).
 */
export const platformLabel = z
  .string()
  .regex(
    /^(any|[a-z0-9]+-[a-z0-9_]+(-[a-z0-9_]+)?)$/,
    'must be `any`, `<os>-<arch>` or `<os>-<arch>-<abi>`, e.g. `linux-x64` or `linux-x64-gnu`',
  );

/**
 * How to build one package: `source` (relative to the manifest) is copied into a clean directory,
 * `command` runs there in `cwd` (relative to the copy), and each of `outputs` (relative to the
 * copy) must exist afterwards.
 */
export const buildRecipe = z.strictObject({
  source: relativePath,
  cwd: relativePath.optional(),
  command: z.array(z.string().min(1)).min(1, 'needs the program and its arguments'),
  outputs: z.array(relativePath).min(1, 'must name at least one output file'),
  platform: platformLabel.default('any'),
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()).optional(),
  /**
   * A CI matrix job runs `command` on its own runner and hands the outputs in with
   * `shiplog release add-artifact`; shiplog records the command, never runs it.
   */
  prebuilt: z.literal(true).optional(),
  /** How long the command may run, in seconds (default 600). */
  timeoutSeconds: z.number().int().min(1).max(86_400).optional(),
});
export type BuildRecipe = z.infer<typeof buildRecipe>;

/** Where a publish token comes from; never the token itself. */
export const credentialSource = z.discriminatedUnion('from', [
  z.strictObject({ from: z.literal('env'), variable: z.string().regex(/^[A-Z_][A-Z0-9_]*$/) }),
  z.strictObject({ from: z.literal('file'), path: z.string().min(1) }),
  z.strictObject({ from: z.literal('oidc'), audience: z.string().min(1) }),
]);
export type CredentialSource = z.infer<typeof credentialSource>;

export const registryTarget = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  /** OCI repository path, e.g. `acme/calc` (required for `oci-wasm`). */
  repository: z.string().min(1).optional(),
  /**
   * The cargo sparse index (`sparse+` prefix allowed) or the PyPI simple index. Needed for any
   * registry but the public ones (see `registryIndex`).
   */
  index: z.url({ protocol: /^(sparse\+)?https?$/ }).optional(),
  credentials: credentialSource,
  /** npm: the access a new package gets (default: `public` for a scoped name, as `npm publish --access public`). */
  access: z.enum(['public', 'restricted']).optional(),
  /** Seconds to wait between two uploads to this registry (a registry's rate limit; default none). */
  paceSeconds: z.number().min(0).max(3600).optional(),
});
export type RegistryTarget = z.infer<typeof registryTarget>;

const semanticVersion = z
  .string()
  .regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/, 'must be a semantic version, e.g. 1.2.0');

export const releasePackage = z.strictObject({
  /** The name the registry knows the package by (`@scope/name` for npm). */
  name: z.string().regex(/^(@[a-z0-9][a-z0-9._-]*\/)?[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a package name'),
  /** This package's version, when it is not the release's (see `packageVersion`). */
  version: semanticVersion.optional(),
  ecosystem: releaseEcosystem,
  build: buildRecipe,
  /** Packages of this manifest that must be published first (crates it uses, npm platform packages it names). */
  dependsOn: z.array(z.string().min(1)).default([]),
  registry: registryTarget,
});
export type ReleasePackage = z.infer<typeof releasePackage>;

/** A release manifest: one version of several packages across ecosystems (see packages/release/README.md). */
export const releaseManifest = z.strictObject({
  release: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be a release name'),
  version: semanticVersion,
  packages: z.array(releasePackage).min(1, 'must list at least one package'),
});
export type ReleaseManifest = z.infer<typeof releaseManifest>;

/** The version a package is released at: its own `version`, else the release's. */
export function packageVersion(
  manifest: Pick<ReleaseManifest, 'version'>,
  pkg: Pick<ReleasePackage, 'version'>,
): string {
  return pkg.version ?? manifest.version;
}
