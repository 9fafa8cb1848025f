import { sha256Digest } from './digests.ts';
import { RegistryError, RegistryErrorCode } from './errors.ts';
import { failureOf, httpFrom, joinUrl, readBytes, readText, send } from './http.ts';
import type { ClientOptions } from './types.ts';

/** Options for {@link createGithubClient}. */
export interface GithubClientOptions extends ClientOptions {
  /** The REST API base: `https://api.github.com`, or `https://HOST/api/v3` for GitHub Enterprise Server. */
  readonly apiUrl: string;
  /** A token that may write the repository's releases (`contents: write`). */
  readonly token: string;
}

/** A release as GitHub answers it (the fields shiplog reads). */
export interface GithubReleaseInfo {
  readonly id: number;
  readonly tagName: string;
  readonly name: string;
  readonly body: string;
  readonly draft: boolean;
  readonly htmlUrl: string;
  /** The RFC 6570 template the assets are uploaded to (`…/assets{?name,label}`). */
  readonly uploadUrl: string;
}

/** One asset of a release. `digest` (`sha256:…`) when GitHub states it. */
export interface GithubAssetInfo {
  readonly id: number;
  readonly name: string;
  readonly size: number;
  readonly digest?: string;
}

export interface NewGithubRelease {
  readonly tagName: string;
  readonly name: string;
  readonly body: string;
  readonly draft: boolean;
  readonly targetCommitish?: string;
}

/** The release endpoints of GitHub's REST API (docs.github.com/rest/releases). */
export interface GithubClient {
  /** The release of `tagName`, drafts included (they have no tag yet, so the list is searched); undefined when none. */
  findRelease(repository: string, tagName: string): Promise<GithubReleaseInfo | undefined>;
  createRelease(repository: string, release: NewGithubRelease): Promise<GithubReleaseInfo>;
  updateRelease(
    repository: string,
    id: number,
    change: Partial<Pick<NewGithubRelease, 'name' | 'body' | 'draft'>>,
  ): Promise<GithubReleaseInfo>;
  listAssets(repository: string, releaseId: number): Promise<GithubAssetInfo[]>;
  uploadAsset(
    release: GithubReleaseInfo,
    name: string,
    bytes: Uint8Array,
    contentType: string,
  ): Promise<GithubAssetInfo>;
  /** The sha256 of an asset: GitHub's stated digest, else of its downloaded bytes. */
  assetDigest(repository: string, asset: GithubAssetInfo): Promise<string>;
}

interface ReleaseJson {
  id: number;
  tag_name: string;
  name: string | null;
  body: string | null;
  draft: boolean;
  html_url: string;
  upload_url: string;
}

interface AssetJson {
  id: number;
  name: string;
  size: number;
  digest?: string | null;
}

const releaseOf = (r: ReleaseJson): GithubReleaseInfo => ({
  id: r.id,
  tagName: r.tag_name,
  name: r.name ?? '',
  body: r.body ?? '',
  draft: r.draft,
  htmlUrl: r.html_url,
  uploadUrl: r.upload_url,
});

const assetOf = (a: AssetJson): GithubAssetInfo => ({
  id: a.id,
  name: a.name,
  size: a.size,
  ...(typeof a.digest === 'string' && /^sha256:[0-9a-f]{64}$/.test(a.digest) ? { digest: a.digest } : {}),
});

function repoPath(repository: string): string {
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository)) {
    throw new RegistryError(
      RegistryErrorCode.Rejected,
      `not a GitHub repository (owner/name): ${repository}`,
    );
  }
  return `repos/${repository}`;
}

/** A client for a repository's releases on github.com or a GitHub Enterprise Server. */
export function createGithubClient(options: GithubClientOptions): GithubClient {
  const http = httpFrom(options);
  const headers = {
    authorization: `Bearer ${options.token}`,
    accept: 'application/vnd.github+json',
    'x-github-api-version': '2022-11-28',
    'user-agent': 'shiplog',
  };
  const call = async <T>(
    what: string,
    path: string,
    init: RequestInit = {},
    ok = [200],
  ): Promise<T | undefined> => {
    const url = joinUrl(options.apiUrl, path);
    const response = await send(http, url, { ...init, headers: { ...headers, ...init.headers } });
    if (response.status === 404 && !ok.includes(404)) {
      await readText(response, url).catch(() => '');
      return undefined;
    }
    if (!ok.includes(response.status)) throw await failureOf(http, response, url, what);
    return JSON.parse(await readText(response, url)) as T;
  };
  const must = <T>(value: T | undefined, what: string): T => {
    if (value === undefined)
      throw new RegistryError(RegistryErrorCode.NotFound, `${what}: 404 Not Found`, { status: 404 });
    return value;
  };

  return {
    async findRelease(repository, tagName) {
      const base = repoPath(repository);
      const tagged = await call<ReleaseJson>(
        `release ${tagName}`,
        `${base}/releases/tags/${encodeURIComponent(tagName)}`,
      );
      if (tagged !== undefined) return releaseOf(tagged);
      for (let page = 1; page <= 10; page++) {
        const list = must(
          await call<ReleaseJson[]>(
            `releases of ${repository}`,
            `${base}/releases?per_page=100&page=${page}`,
          ),
          `releases of ${repository}`,
        );
        const found = list.find((r) => r.tag_name === tagName);
        if (found !== undefined) return releaseOf(found);
        if (list.length < 100) break;
      }
      return undefined;
    },
    async createRelease(repository, release) {
      const created = await call<ReleaseJson>(
        `create release ${release.tagName}`,
        `${repoPath(repository)}/releases`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            tag_name: release.tagName,
            name: release.name,
            body: release.body,
            draft: release.draft,
            ...(release.targetCommitish === undefined ? {} : { target_commitish: release.targetCommitish }),
          }),
        },
        [201],
      );
      return releaseOf(must(created, `create release ${release.tagName}`));
    },
    async updateRelease(repository, id, change) {
      const updated = await call<ReleaseJson>(
        `update release ${id}`,
        `${repoPath(repository)}/releases/${id}`,
        {
          method: 'PATCH',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(change),
        },
      );
      return releaseOf(must(updated, `update release ${id}`));
    },
    async listAssets(repository, releaseId) {
      const assets: GithubAssetInfo[] = [];
      for (let page = 1; ; page++) {
        const list = must(
          await call<AssetJson[]>(
            `assets of release ${releaseId}`,
            `${repoPath(repository)}/releases/${releaseId}/assets?per_page=100&page=${page}`,
          ),
          `assets of release ${releaseId}`,
        );
        assets.push(...list.map(assetOf));
        if (list.length < 100) return assets;
      }
    },
    async uploadAsset(release, name, bytes, contentType) {
      const url = `${release.uploadUrl.replace(/\{[^}]*\}$/, '')}?name=${encodeURIComponent(name)}`;
      const response = await send(http, url, {
        method: 'POST',
        headers: { ...headers, 'content-type': contentType, 'content-length': String(bytes.length) },
        body: bytes,
      });
      if (response.status !== 201) throw await failureOf(http, response, url, `upload ${name}`);
      return assetOf(JSON.parse(await readText(response, url)) as AssetJson);
    },
    async assetDigest(repository, asset) {
      if (asset.digest !== undefined) return asset.digest;
      const url = joinUrl(options.apiUrl, `${repoPath(repository)}/releases/assets/${asset.id}`);
      const response = await send(http, url, { headers: { ...headers, accept: 'application/octet-stream' } });
      if (response.status !== 200) throw await failureOf(http, response, url, `download ${asset.name}`);
      return sha256Digest(await readBytes(response, url));
    },
  };
}
