import { readTarGz } from '@shiplog/sbom';
import { sha1Hex, sha512Integrity } from './digests.ts';
import { RegistryError, RegistryErrorCode } from './errors.ts';
import { digestOfUpload, versionExists } from './expectDigest.ts';
import { failureOf, httpFrom, joinUrl, readText, send } from './http.ts';
import type { ClientOptions, Lookup, PublishOptions, PublishReceipt } from './types.ts';

/** Options for {@link createNpmClient}. */
export interface NpmClientOptions extends ClientOptions {
  /** The registry base, e.g. `https://registry.npmjs.org/`. */
  readonly registryUrl: string;
  /** A bearer token; lookups work without one on public registries. */
  readonly token?: string;
}

/** Options of one npm publish. */
export interface NpmPublishOptions extends PublishOptions {
  /** The dist-tag the version is published under; publish to a staging tag, move `latest` later. */
  readonly tag: string;
  /** `public` or `restricted` (scoped packages). */
  readonly access?: 'public' | 'restricted';
  /** A Sigstore bundle (JSON object) sent as the `<name>-<version>.sigstore` attachment. */
  readonly provenanceBundle?: unknown;
}

/** An npm registry client. */
export interface NpmClient {
  /** The version in the packument: absent, or present with its `dist.integrity` (`sha512-…`). */
  lookup(name: string, version: string): Promise<Lookup>;
  /** Publishes an `npm pack` tarball under `options.tag`; idempotent by content. */
  publish(tarball: Uint8Array, options: NpmPublishOptions): Promise<PublishReceipt>;
  distTags(name: string): Promise<Readonly<Record<string, string>>>;
  /** Points `tag` at `version` (e.g. move `latest` once every package of a release is out). */
  setDistTag(name: string, tag: string, version: string): Promise<void>;
}

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly [key: string]: unknown;
}

const decoder = new TextDecoder();

/** Reads `package/package.json` from an `npm pack` tarball. */
export function packageJsonOf(tarball: Uint8Array): PackageJson {
  let parsed: unknown;
  try {
    const entry = readTarGz(tarball).find((e) => e.path === 'package/package.json');
    if (entry === undefined) throw new Error('no package/package.json');
    parsed = JSON.parse(decoder.decode(entry.data));
  } catch (error) {
    throw new RegistryError(
      RegistryErrorCode.ArtifactInvalid,
      'the tarball has no readable package/package.json',
      { cause: error },
    );
  }
  const record = parsed as Record<string, unknown>;
  if (typeof record['name'] !== 'string' || typeof record['version'] !== 'string') {
    throw new RegistryError(RegistryErrorCode.ArtifactInvalid, 'package/package.json has no name or version');
  }
  return record as PackageJson;
}

/** `@scope/name` → `@scope%2fname`, the form registries expect in paths. */
export function npmPathName(name: string): string {
  return name.startsWith('@') ? `@${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name);
}

/** Creates a client for the npm registry API (PROTOCOLS.md, npm). */
export function createNpmClient(options: NpmClientOptions): NpmClient {
  const http = httpFrom(options);
  const headers = (extra: Record<string, string> = {}): Record<string, string> => ({
    accept: 'application/json',
    ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
    ...extra,
  });

  const packument = async (name: string): Promise<Record<string, unknown> | undefined> => {
    const url = joinUrl(options.registryUrl, npmPathName(name));
    const response = await send(http, url, { headers: headers({ 'cache-control': 'no-cache' }) });
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok) throw await failureOf(http, response, url, `packument of ${name}`);
    return JSON.parse(await readText(response, url)) as Record<string, unknown>;
  };

  const lookup = async (name: string, version: string): Promise<Lookup> => {
    const doc = await packument(name);
    const versions = (doc?.['versions'] ?? {}) as Record<string, { dist?: { integrity?: unknown } }>;
    const integrity = versions[version]?.dist?.integrity;
    if (versions[version] === undefined) return { state: 'absent' };
    if (typeof integrity !== 'string') {
      throw new RegistryError(RegistryErrorCode.ProtocolError, `${name}@${version} has no dist.integrity`);
    }
    return { state: 'present', digest: integrity };
  };

  const distTagsUrl = (name: string, tag?: string): string =>
    joinUrl(
      options.registryUrl,
      `-/package/${npmPathName(name)}/dist-tags${tag === undefined ? '' : `/${encodeURIComponent(tag)}`}`,
    );

  return {
    lookup,
    async publish(tarball, publishOptions) {
      const manifest = packageJsonOf(tarball);
      const { name, version } = manifest;
      const what = `${name}@${version}`;
      const digest = digestOfUpload(tarball, publishOptions.expectedDigest, what);
      const integrity = sha512Integrity(tarball);
      const receipt = (alreadyPublished: boolean): PublishReceipt => ({
        ecosystem: 'npm',
        registry: options.registryUrl,
        name,
        version,
        digest,
        alreadyPublished,
        details: { integrity, tag: publishOptions.tag },
      });
      const decide = (found: Lookup): PublishReceipt | undefined => {
        if (found.state === 'absent') return undefined;
        if (found.digest !== integrity) throw versionExists(what, found.digest, integrity);
        return receipt(true);
      };
      const before = decide(await lookup(name, version));
      if (before !== undefined) return before;

      const tarballName = `${name}-${version}.tgz`;
      const data = Buffer.from(tarball).toString('base64');
      const attachments: Record<string, { content_type: string; data: string; length: number }> = {
        [tarballName]: { content_type: 'application/octet-stream', data, length: tarball.length },
      };
      if (publishOptions.provenanceBundle !== undefined) {
        const bundle = JSON.stringify(publishOptions.provenanceBundle);
        attachments[`${name}-${version}.sigstore`] = {
          content_type: 'application/vnd.dev.sigstore.bundle.v0.3+json',
          data: bundle,
          length: Buffer.byteLength(bundle),
        };
      }
      const body = {
        _id: name,
        name,
        ...(manifest.description === undefined ? {} : { description: manifest.description }),
        access: publishOptions.access ?? null,
        'dist-tags': { [publishOptions.tag]: version },
        versions: {
          [version]: {
            ...manifest,
            _id: `${name}@${version}`,
            dist: {
              integrity,
              shasum: sha1Hex(tarball),
              tarball: joinUrl(options.registryUrl, `${name}/-/${tarballName}`),
            },
          },
        },
        _attachments: attachments,
      };
      const url = joinUrl(options.registryUrl, npmPathName(name));
      const response = await send(http, url, {
        method: 'PUT',
        headers: headers({ 'content-type': 'application/json', 'npm-command': 'publish' }),
        body: JSON.stringify(body),
      });
      if (response.ok) {
        await response.body?.cancel();
        return receipt(false);
      }
      // npm answers 403, Verdaccio 409, for a version that exists; the packument decides.
      if (response.status === 403 || response.status === 409) {
        const raced = decide(await lookup(name, version));
        if (raced !== undefined) {
          await response.body?.cancel();
          return raced;
        }
      }
      throw await failureOf(http, response, url, `publish of ${what}`);
    },
    async distTags(name) {
      const url = distTagsUrl(name);
      const response = await send(http, url, { headers: headers() });
      if (!response.ok) throw await failureOf(http, response, url, `dist-tags of ${name}`);
      return JSON.parse(await readText(response, url)) as Record<string, string>;
    },
    async setDistTag(name, tag, version) {
      const url = distTagsUrl(name, tag);
      const response = await send(http, url, {
        method: 'PUT',
        headers: headers({ 'content-type': 'application/json' }),
        body: JSON.stringify(version),
      });
      if (!response.ok) throw await failureOf(http, response, url, `dist-tag ${tag} of ${name}`);
      await response.body?.cancel();
    },
  };
}
