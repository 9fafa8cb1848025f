import type { ReleaseManifest } from '@shiplog/release';
import { RegistryError, sha256Digest } from '@shiplog/registries';
import type { GithubClient } from '@shiplog/registries';
import type { BuiltArtifact } from '../jobs.ts';
import type { WorkerContext } from '../workerContext.ts';
import { githubReleaseAssets } from './githubReleaseAssets.ts';
import { githubReleaseNotes } from './githubReleaseNotes.ts';
import type { NotesInput } from './githubReleaseNotes.ts';
import type { ReleaseProgress } from './releaseReport.ts';

/** Where the GitHub Release goes: given only when a token is (SHIPLOG_GITHUB_TOKEN). */
export interface GithubReleaseTarget {
  readonly client: GithubClient;
  /** `owner/name` */
  readonly repository: string;
  /** Default `v<version>`. */
  readonly tag?: string;
}

/** What the GitHub Release step did. */
export interface GithubReleaseOutcome {
  readonly tag: string;
  readonly url: string;
  readonly assets: readonly { readonly name: string; readonly digest: string; readonly uploaded: boolean }[];
}

export interface GithubReleaseOptions extends Omit<NotesInput, 'artifacts'> {
  readonly ctx: WorkerContext;
  readonly manifest: ReleaseManifest;
  readonly github: GithubReleaseTarget;
  readonly artifacts: ReadonlyMap<string, readonly BuiltArtifact[]>;
  readonly onProgress: (progress: ReleaseProgress) => void;
}

/** An asset GitHub already holds under a name with other bytes: nothing is replaced. */
export class GithubAssetConflict extends Error {
  readonly code = 'GITHUB_ASSET_OTHER_BYTES';
}

/**
 * The GitHub Release step, after every package is out: the release of the tag (created as a
 * draft with notes from the ledger, or the one an earlier run left), every asset it lacks uploaded
 * (an asset already there with the same sha256 is kept, with other bytes the step stops before
 * uploading anything), then published. Running it again uploads nothing.
 */
export async function publishGithubRelease(options: GithubReleaseOptions): Promise<GithubReleaseOutcome> {
  const { client, repository } = options.github;
  const tag = options.github.tag ?? `v${options.manifest.version}`;
  const assets = await githubReleaseAssets(options.ctx, options.artifacts);
  const body = await githubReleaseNotes(options.ctx, options);
  let release = await client.findRelease(repository, tag);
  if (release === undefined) {
    release = await client.createRelease(repository, {
      tagName: tag,
      name: `${options.manifest.release} ${options.manifest.version}`,
      body,
      draft: true,
    });
    options.onProgress({ phase: 'github', message: `created the draft release ${tag} on ${repository}` });
  }
  const held = new Map((await client.listAssets(repository, release.id)).map((a) => [a.name, a]));
  const outcome: { name: string; digest: string; uploaded: boolean }[] = [];
  for (const asset of assets) {
    const digest = sha256Digest(asset.bytes);
    const there = held.get(asset.name);
    if (there === undefined) continue;
    const theirs = await client.assetDigest(repository, there);
    if (theirs !== digest)
      throw new GithubAssetConflict(
        `the GitHub release ${tag} of ${repository} already has ${asset.name} as ${theirs}; this release's is ${digest}; nothing was uploaded (delete that asset, or release a new version)`,
      );
  }
  for (const asset of assets) {
    const digest = sha256Digest(asset.bytes);
    const uploaded = !held.has(asset.name);
    if (uploaded) await client.uploadAsset(release, asset.name, asset.bytes, asset.contentType);
    outcome.push({ name: asset.name, digest, uploaded });
  }
  if (release.draft) release = await client.updateRelease(repository, release.id, { draft: false, body });
  const count = outcome.filter((a) => a.uploaded).length;
  options.onProgress({
    phase: 'github',
    message: `${release.htmlUrl}: ${count} asset(s) uploaded, ${outcome.length - count} already there`,
  });
  return { tag, url: release.htmlUrl, assets: outcome };
}

/**
 * The GitHub Release step of a run: only once every package is out; a GitHub failure (an asset of
 * other bytes, a refused token) becomes the run's error, anything else is thrown.
 */
export async function githubStep(
  options: GithubReleaseOptions,
): Promise<{ github?: GithubReleaseOutcome; error?: { code: string; message: string } }> {
  if (!options.packages.every((p) => p.status === 'published' || p.status === 'already-published')) return {};
  try {
    return { github: await publishGithubRelease(options) };
  } catch (err) {
    if (!(err instanceof GithubAssetConflict) && !(err instanceof RegistryError)) throw err;
    const error = { code: err.code, message: `GitHub release: ${err.message}` };
    options.onProgress({ phase: 'github', message: `FAILED ${error.code}: ${error.message}` });
    return { error };
  }
}
