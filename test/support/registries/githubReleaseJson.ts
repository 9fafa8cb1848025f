import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';

// The release and asset documents of GitHub's REST API (docs.github.com/rest/releases), as the
// local release server (githubTestServer.ts) answers them, and its error answers.

export interface GithubAsset {
  readonly id: number;
  readonly name: string;
  readonly label: string;
  readonly contentType: string;
  readonly bytes: Uint8Array;
  readonly createdAt: string;
}

export interface GithubRelease {
  readonly id: number;
  readonly owner: string;
  readonly repo: string;
  tagName: string;
  targetCommitish: string;
  name: string;
  body: string;
  draft: boolean;
  prerelease: boolean;
  readonly createdAt: string;
  publishedAt: string | null;
  readonly assets: GithubAsset[];
}

const user = { login: 'shiplog-bot', id: 1, type: 'User' };

/** An asset as GitHub answers it; `url` is its API address, `browser_download_url` the public one. */
export const assetJsonOf = (origin: string, release: GithubRelease, asset: GithubAsset) => ({
  url: `${origin}/api/v3/repos/${release.owner}/${release.repo}/releases/assets/${asset.id}`,
  browser_download_url: `${origin}/${release.owner}/${release.repo}/releases/download/${encodeURIComponent(release.tagName)}/${encodeURIComponent(asset.name)}`,
  id: asset.id,
  node_id: `RA_${asset.id}`,
  name: asset.name,
  label: asset.label,
  state: 'uploaded',
  content_type: asset.contentType,
  size: asset.bytes.length,
  digest: `sha256:${createHash('sha256').update(asset.bytes).digest('hex')}`,
  download_count: 0,
  created_at: asset.createdAt,
  updated_at: asset.createdAt,
  uploader: user,
});

/** A release as GitHub answers it; assets are uploaded to `upload_url` (under /api/uploads). */
export const releaseJsonOf = (origin: string, r: GithubRelease) => {
  const api = `${origin}/api/v3`;
  const base = `${api}/repos/${r.owner}/${r.repo}/releases/${r.id}`;
  return {
    url: base,
    html_url: `${origin}/${r.owner}/${r.repo}/releases/tag/${encodeURIComponent(r.tagName)}`,
    assets_url: `${base}/assets`,
    upload_url: `${origin}/api/uploads/repos/${r.owner}/${r.repo}/releases/${r.id}/assets{?name,label}`,
    tarball_url: `${api}/repos/${r.owner}/${r.repo}/tarball/${r.tagName}`,
    zipball_url: `${api}/repos/${r.owner}/${r.repo}/zipball/${r.tagName}`,
    id: r.id,
    node_id: `RE_${r.id}`,
    tag_name: r.tagName,
    target_commitish: r.targetCommitish,
    name: r.name,
    body: r.body,
    draft: r.draft,
    prerelease: r.prerelease,
    created_at: r.createdAt,
    published_at: r.publishedAt,
    author: user,
    assets: r.assets.map((a) => assetJsonOf(origin, r, a)),
  };
};

export const json = (
  response: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
) => {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(value));
};

export const validationFailed = (response: ServerResponse, resource: string, field: string, code: string) =>
  json(response, 422, {
    message: 'Validation Failed',
    errors: [{ resource, code, field }],
    documentation_url: 'https://docs.github.com/rest/releases/releases#create-a-release',
  });

export const notFound = (response: ServerResponse) =>
  json(response, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
