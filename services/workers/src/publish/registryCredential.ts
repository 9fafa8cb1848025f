import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReleasePackage } from '@shiplog/release';
import { trustedPublishingToken } from '@shiplog/registries';
import type { FetchFunction } from '@shiplog/registries';
import { WorkerError, WorkerErrorCode } from '../errors.ts';

export interface CredentialOptions {
  /** Where `from: env` variables, HOME (for `~/`) and SHIPLOG_OIDC_TOKEN are read. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly fetch?: FetchFunction;
}

const missing = (pkg: ReleasePackage, what: string): WorkerError =>
  new WorkerError(WorkerErrorCode.CredentialsMissing, `${pkg.name}: ${what}`);

/** A docker `config.json`'s credential for the registry's host: `user:password` or an identity token. */
function dockerAuth(text: string, registryUrl: string, pkg: ReleasePackage, path: string): string {
  const host = new URL(registryUrl).host;
  let config: { auths?: Record<string, { auth?: string; identitytoken?: string }> };
  try {
    config = JSON.parse(text) as typeof config;
  } catch {
    throw missing(pkg, `${path} is not a docker config.json`);
  }
  const entry = Object.entries(config.auths ?? {}).find(
    ([key]) => key === host || key.endsWith(`//${host}`),
  )?.[1];
  if (entry?.identitytoken !== undefined) return entry.identitytoken;
  if (entry?.auth !== undefined) return Buffer.from(entry.auth, 'base64').toString('utf8');
  throw missing(pkg, `${path} has no credentials for ${host}`);
}

async function fromFile(pkg: ReleasePackage, path: string, env: CredentialOptions['env']): Promise<string> {
  const home = env['HOME'];
  const resolved = path.startsWith('~/') && home !== undefined ? join(home, path.slice(2)) : path;
  let text: string;
  try {
    text = await readFile(resolved, 'utf8');
  } catch {
    throw missing(pkg, `cannot read the credentials file ${path}`);
  }
  if (pkg.ecosystem === 'oci-wasm') return dockerAuth(text, pkg.registry.url, pkg, path);
  const token = text.trim();
  if (token === '') throw missing(pkg, `the credentials file ${path} is empty`);
  return token;
}

/**
 * The credential a package's manifest `credentials` name: an environment variable, a file (a
 * docker config.json for OCI), or trusted publishing (SHIPLOG_OIDC_TOKEN exchanged at crates.io or
 * PyPI for a short-lived token). Fails with `CREDENTIALS_MISSING`, never with the secret in the text.
 */
export async function registryCredential(pkg: ReleasePackage, options: CredentialOptions): Promise<string> {
  const source = pkg.registry.credentials;
  switch (source.from) {
    case 'env': {
      const value = options.env[source.variable];
      if (value === undefined || value === '') throw missing(pkg, `$${source.variable} is not set`);
      return value;
    }
    case 'file':
      return fromFile(pkg, source.path, options.env);
    case 'oidc': {
      const oidcToken = options.env['SHIPLOG_OIDC_TOKEN'];
      if (oidcToken === undefined || oidcToken === '')
        throw missing(pkg, 'trusted publishing needs $SHIPLOG_OIDC_TOKEN (the CI job’s OIDC token)');
      if (pkg.ecosystem !== 'cargo' && pkg.ecosystem !== 'pypi')
        throw missing(pkg, `trusted publishing is supported for crates.io and PyPI, not ${pkg.ecosystem}`);
      return trustedPublishingToken({
        ecosystem: pkg.ecosystem,
        registryUrl: pkg.registry.url,
        oidcToken,
        ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      });
    }
  }
}
