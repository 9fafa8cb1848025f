import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { SigningIdentity } from '@shiplog/attest';
import { createOciClient } from '@shiplog/registries';
import { createLocalArtifactStore } from './artifactStore.ts';
import type { ArtifactStore } from './artifactStore.ts';
import { createOciArtifactStore } from './ociArtifactStore.ts';
import type { WorkerConfig } from './workerConfig.ts';

/** The signing identity the configuration names: a local key, keyless (Fulcio), or none. */
export async function signingOf(config: WorkerConfig, cwd: string): Promise<SigningIdentity | undefined> {
  if (config.SHIPLOG_SIGNING_KEY_FILE !== undefined && config.SHIPLOG_SIGNING_KEY_HINT !== undefined) {
    const privateKey = await readFile(resolve(cwd, config.SHIPLOG_SIGNING_KEY_FILE), 'utf8');
    return { kind: 'key', privateKey, keyHint: config.SHIPLOG_SIGNING_KEY_HINT };
  }
  const {
    SHIPLOG_FULCIO_URL: fulcioURL,
    SHIPLOG_REKOR_URL: rekorURL,
    SHIPLOG_OIDC_TOKEN: identityToken,
  } = config;
  if (fulcioURL !== undefined && rekorURL !== undefined && identityToken !== undefined) {
    return { kind: 'keyless', fulcioURL, rekorURL, identityToken };
  }
  return undefined;
}

/** The OCI repository named by SHIPLOG_ARTIFACTS_OCI, else the local directory. */
export function artifactStoreOf(config: WorkerConfig, cwd: string): ArtifactStore {
  if (config.SHIPLOG_ARTIFACTS_OCI === undefined) {
    return createLocalArtifactStore(resolve(cwd, config.SHIPLOG_ARTIFACTS_DIR));
  }
  const url = new URL(config.SHIPLOG_ARTIFACTS_OCI);
  const token = config.SHIPLOG_ARTIFACTS_OCI_TOKEN;
  const client = createOciClient({
    registryUrl: url.origin,
    ...(token === undefined ? {} : { credentials: { token } }),
  });
  return createOciArtifactStore({ client, registryUrl: url.origin, repository: url.pathname.slice(1) });
}

/** Recipes see only what a build needs from this process's environment, never its credentials. */
export function recipeEnvOf(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'LANG', 'CARGO_HOME', 'RUSTUP_HOME']) {
    const value = env[name];
    if (value !== undefined) picked[name] = value;
  }
  return picked;
}
