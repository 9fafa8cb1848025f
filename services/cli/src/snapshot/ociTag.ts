import { createOciClient, ociMediaType, RegistryError, RegistryErrorCode } from '@shiplog/registries';
import type { OciClientOptions, OciCredentials } from '@shiplog/registries';
import type { Observation } from './observation.ts';
import { SnapshotError, SnapshotErrorCode } from './snapshotErrors.ts';

/** `user:password` (HTTP Basic) or a bare token, as release manifests name registry credentials. */
export function ociCredentialsOf(credential: string): OciCredentials {
  const colon = credential.indexOf(':');
  return colon > 0
    ? { username: credential.slice(0, colon), password: credential.slice(colon + 1) }
    : { token: credential };
}

/** `http://host:5000/team/app:latest` read as registry, repository and tag. */
export interface OciTagReference {
  readonly registryUrl: string;
  readonly repository: string;
  readonly tag: string;
}

/** Reads `[scheme://]host[:port]/repository[:tag]` (tag `latest` when left out; https by default). */
export function parseOciTagReference(text: string): OciTagReference {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch (err) {
    throw new SnapshotError(SnapshotErrorCode.SourceInvalid, `oci=${text}: not a registry URL`, {
      cause: err,
    });
  }
  const path = url.pathname.replace(/^\/+|\/+$/g, '');
  const lastSlash = path.lastIndexOf('/');
  const colon = path.indexOf(':', lastSlash + 1);
  const repository = colon === -1 ? path : path.slice(0, colon);
  const tag = colon === -1 ? 'latest' : path.slice(colon + 1);
  if (repository.length === 0 || tag.length === 0 || !/^[\w][\w.-]{0,127}$/.test(tag)) {
    throw new SnapshotError(
      SnapshotErrorCode.SourceInvalid,
      `oci=${text}: expected <registry URL>/<repository>:<tag>, e.g. http://127.0.0.1:5000/team/app:latest`,
    );
  }
  return { registryUrl: url.origin, repository, tag };
}

/**
 * What a registry tag points at now (seed 003's rollback retags `latest`): its manifest, fetched
 * over the OCI distribution API and checked against its digest. A wasm artifact is named by its
 * module's digest, as shiplog records it; anything else by its manifest digest.
 */
export async function ociTagObservation(
  reference: OciTagReference,
  service: string,
  client: Pick<OciClientOptions, 'fetch' | 'credentials'> = {},
): Promise<Observation> {
  const oci = createOciClient({ ...client, registryUrl: reference.registryUrl });
  const where = `${reference.registryUrl}/${reference.repository}:${reference.tag}`;
  const found = await oci.fetchManifest(reference.repository, reference.tag).catch((err: unknown) => {
    if (err instanceof RegistryError && err.code === RegistryErrorCode.AuthFailed) {
      throw new RegistryError(
        err.code,
        `${where}: the registry refused us (${err.message}); pass --oci-auth-env NAME, NAME holding user:password or a token`,
        { cause: err, ...(err.status === undefined ? {} : { status: err.status }) },
      );
    }
    throw err;
  });
  if (found === undefined)
    throw new SnapshotError(
      SnapshotErrorCode.TagAbsent,
      `${where}: the registry has no manifest under this tag`,
    );
  const layers = found.manifest.layers ?? [];
  const wasm =
    found.manifest.config?.mediaType === ociMediaType.wasmConfig && layers.length === 1
      ? layers[0]
      : undefined;
  return {
    service,
    digest: wasm?.digest ?? found.digest,
    image: `${reference.registryUrl.replace(/^[a-z]+:\/\//, '')}/${reference.repository}@${found.digest}`,
    from: 'oci',
  };
}
