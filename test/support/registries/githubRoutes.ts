import type { IncomingMessage, ServerResponse } from 'node:http';
import { assetJsonOf, json, notFound, releaseJsonOf, validationFailed } from './githubReleaseJson.ts';
import type { GithubAsset, GithubRelease } from './githubReleaseJson.ts';

/** What the local GitHub release server holds and counts. */
export interface GithubServerState {
  readonly token: string;
  readonly releases: GithubRelease[];
  readonly writes: string[];
  readonly unknown: string[];
  readonly graphql: string[];
  nextId: number;
}

/**
 * One request to the local GitHub server: the REST release endpoints under /api/v3, asset uploads
 * under /api/uploads, public downloads, and the one GraphQL query gh sends (release by tag).
 */
export function handleGithubRequest(
  state: GithubServerState,
  origin: string,
  request: IncomingMessage,
  body: Buffer,
  response: ServerResponse,
): void {
  const { token, releases, writes, unknown, graphql } = state;
  const url = new URL(request.url ?? '/', origin);
  // HEAD is GET without a body (node leaves the body out).
  const method = request.method === 'HEAD' ? 'GET' : (request.method ?? 'GET');
  const auth = request.headers.authorization ?? '';
  if (auth !== `token ${token}` && auth !== `Bearer ${token}`) {
    json(response, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' });
    return;
  }
  const api = `${origin}/api/v3`;
  const assetJson = (release: GithubRelease, asset: GithubAsset) => assetJsonOf(origin, release, asset);
  const releaseJson = (release: GithubRelease) => releaseJsonOf(origin, release);
  const find = (owner: string, repo: string, id: number) =>
    releases.find((r) => r.owner === owner && r.repo === repo && r.id === id);
  const bodyJson = (): Record<string, unknown> => {
    try {
      return JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      return {};
    }
  };
  const path = url.pathname;
  let m: RegExpExecArray | null;
  if (path === '/api/graphql' && method === 'POST') {
    // gh looks a release up by tag here too (drafts have no tag the REST lookup finds).
    graphql.push(body.toString('utf8'));
    const query = bodyJson() as { query?: string; variables?: Record<string, string> };
    const v = query.variables ?? {};
    if (query.query?.includes('release(tagName: $tagName)') === true) {
      const release = releases.find(
        (r) => r.owner === v['owner'] && r.repo === v['name'] && r.tagName === v['tagName'],
      );
      return json(response, 200, {
        data: {
          repository: {
            release: release === undefined ? null : { databaseId: release.id, isDraft: release.draft },
          },
        },
      });
    }
    unknown.push(`${method} ${path} ${query.query ?? ''}`);
    return json(response, 200, {
      errors: [{ type: 'UNSUPPORTED', message: 'this test server answers only the release-by-tag query' }],
    });
  }

  if (
    (m = /^\/api\/uploads\/repos\/([^/]+)\/([^/]+)\/releases\/(\d+)\/assets$/.exec(path)) &&
    method === 'POST'
  ) {
    const release = find(m[1] ?? '', m[2] ?? '', Number(m[3]));
    if (release === undefined) return notFound(response);
    const name = url.searchParams.get('name');
    if (name === null || name === '')
      return validationFailed(response, 'ReleaseAsset', 'name', 'missing_field');
    if (release.assets.some((a) => a.name === name))
      return validationFailed(response, 'ReleaseAsset', 'name', 'already_exists');
    const asset: GithubAsset = {
      id: state.nextId++,
      name,
      label: url.searchParams.get('label') ?? '',
      contentType: request.headers['content-type'] ?? 'application/octet-stream',
      bytes: new Uint8Array(body),
      createdAt: new Date().toISOString(),
    };
    release.assets.push(asset);
    writes.push(`POST assets ${name}`);
    return json(response, 201, assetJson(release, asset));
  }
  if (!path.startsWith('/api/v3/')) {
    // browser_download_url: public download of a published release's asset.
    if ((m = /^\/([^/]+)\/([^/]+)\/releases\/download\/([^/]+)\/([^/]+)$/.exec(path)) && method === 'GET') {
      const tag = decodeURIComponent(m[3] ?? '');
      const release = releases.find((r) => r.owner === m?.[1] && r.repo === m[2] && r.tagName === tag);
      const asset = release?.assets.find((a) => a.name === decodeURIComponent(m?.[4] ?? ''));
      if (asset === undefined) return notFound(response);
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.end(asset.bytes);
      return;
    }
    unknown.push(`${method} ${path}`);
    return notFound(response);
  }
  const rest = path.slice('/api/v3'.length);
  if ((m = /^\/repos\/([^/]+)\/([^/]+)\/releases$/.exec(rest))) {
    const [owner, repo] = [m[1] ?? '', m[2] ?? ''];
    if (method === 'GET') {
      const list = releases.filter((r) => r.owner === owner && r.repo === repo).reverse();
      return json(response, 200, list.map(releaseJson));
    }
    if (method === 'POST') {
      const input = bodyJson();
      const tagName = typeof input['tag_name'] === 'string' ? input['tag_name'] : '';
      if (tagName === '') return validationFailed(response, 'Release', 'tag_name', 'missing_field');
      if (releases.some((r) => r.owner === owner && r.repo === repo && r.tagName === tagName))
        return validationFailed(response, 'Release', 'tag_name', 'already_exists');
      const draft = input['draft'] === true;
      const now = new Date().toISOString();
      const release: GithubRelease = {
        id: state.nextId++,
        owner,
        repo,
        tagName,
        targetCommitish: typeof input['target_commitish'] === 'string' ? input['target_commitish'] : 'main',
        name: typeof input['name'] === 'string' ? input['name'] : tagName,
        body: typeof input['body'] === 'string' ? input['body'] : '',
        draft,
        prerelease: input['prerelease'] === true,
        createdAt: now,
        publishedAt: draft ? null : now,
        assets: [],
      };
      releases.push(release);
      writes.push(`POST releases ${tagName}`);
      return json(response, 201, releaseJson(release), {
        location: `${api}/repos/${owner}/${repo}/releases/${release.id}`,
      });
    }
  }
  if ((m = /^\/repos\/([^/]+)\/([^/]+)\/releases\/latest$/.exec(rest)) && method === 'GET') {
    const latest = releases
      .filter((r) => r.owner === m?.[1] && r.repo === m[2] && !r.draft && !r.prerelease)
      .at(-1);
    return latest === undefined ? notFound(response) : json(response, 200, releaseJson(latest));
  }
  if ((m = /^\/repos\/([^/]+)\/([^/]+)\/releases\/tags\/(.+)$/.exec(rest)) && method === 'GET') {
    const tag = decodeURIComponent(m[3] ?? '');
    // Drafts have no tag yet: GitHub answers 404 for them here.
    const release = releases.find(
      (r) => r.owner === m?.[1] && r.repo === m[2] && r.tagName === tag && !r.draft,
    );
    return release === undefined ? notFound(response) : json(response, 200, releaseJson(release));
  }
  if ((m = /^\/repos\/([^/]+)\/([^/]+)\/releases\/assets\/(\d+)$/.exec(rest))) {
    const id = Number(m[3]);
    const release = releases.find(
      (r) => r.owner === m?.[1] && r.repo === m[2] && r.assets.some((a) => a.id === id),
    );
    const asset = release?.assets.find((a) => a.id === id);
    if (release === undefined || asset === undefined) return notFound(response);
    if (method === 'DELETE') {
      release.assets.splice(release.assets.indexOf(asset), 1);
      writes.push(`DELETE assets ${asset.name}`);
      response.writeHead(204).end();
      return;
    }
    if (method === 'GET') {
      if ((request.headers.accept ?? '').includes('application/octet-stream')) {
        response.writeHead(200, {
          'content-type': 'application/octet-stream',
          'content-length': String(asset.bytes.length),
        });
        response.end(asset.bytes);
        return;
      }
      return json(response, 200, assetJson(release, asset));
    }
  }
  if ((m = /^\/repos\/([^/]+)\/([^/]+)\/releases\/(\d+)\/assets$/.exec(rest)) && method === 'GET') {
    const release = find(m[1] ?? '', m[2] ?? '', Number(m[3]));
    if (release === undefined) return notFound(response);
    const perPage = Number(url.searchParams.get('per_page') ?? '30');
    const page = Number(url.searchParams.get('page') ?? '1');
    const assets = release.assets.slice((page - 1) * perPage, page * perPage);
    return json(
      response,
      200,
      assets.map((a) => assetJson(release, a)),
    );
  }
  if ((m = /^\/repos\/([^/]+)\/([^/]+)\/releases\/(\d+)$/.exec(rest))) {
    const release = find(m[1] ?? '', m[2] ?? '', Number(m[3]));
    if (release === undefined) return notFound(response);
    if (method === 'GET') return json(response, 200, releaseJson(release));
    if (method === 'PATCH') {
      const input = bodyJson();
      if (typeof input['tag_name'] === 'string') release.tagName = input['tag_name'];
      if (typeof input['name'] === 'string') release.name = input['name'];
      if (typeof input['body'] === 'string') release.body = input['body'];
      if (typeof input['target_commitish'] === 'string') release.targetCommitish = input['target_commitish'];
      if (typeof input['prerelease'] === 'boolean') release.prerelease = input['prerelease'];
      if (input['draft'] === false && release.draft) {
        release.draft = false;
        release.publishedAt = new Date().toISOString();
      } else if (input['draft'] === true) release.draft = true;
      writes.push(`PATCH releases ${release.tagName}`);
      return json(response, 200, releaseJson(release));
    }
    if (method === 'DELETE') {
      releases.splice(releases.indexOf(release), 1);
      writes.push(`DELETE releases ${release.tagName}`);
      response.writeHead(204).end();
      return;
    }
  }
  unknown.push(`${method} ${path}`);
  notFound(response);
}
