import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where a release's source came from: the repository and the commit its checkout is at. */
export interface SourceRevision {
  /** The `origin` remote without credentials, else the repository's top directory as a file URL. */
  readonly repository: string;
  /** The full commit id of HEAD. */
  readonly commit: string;
  /** Files under the manifest's directory differ from the commit (what was built is not exactly it). */
  readonly dirty: boolean;
}

async function git(dir: string, args: readonly string[]): Promise<string | undefined> {
  try {
    const { stdout } = await run('git', ['-C', dir, ...args], { timeout: 10_000 });
    return stdout.trim();
  } catch {
    return undefined;
  }
}

function withoutCredentials(remote: string): string {
  try {
    const url = new URL(remote);
    url.username = '';
    url.password = '';
    return url.href;
  } catch {
    // scp-like `git@host:org/repo.git` carries no secret beyond the user name.
    return remote;
  }
}

/**
 * The git revision of the checkout holding `dir` (the release manifest's directory), or undefined
 * when it is not in a git repository: what the provenance names as the build's source.
 */
export async function sourceRevisionOf(dir: string): Promise<SourceRevision | undefined> {
  const commit = await git(dir, ['rev-parse', '--verify', 'HEAD']);
  if (commit === undefined || !/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(commit)) return undefined;
  const remote = await git(dir, ['config', '--get', 'remote.origin.url']);
  const top = await git(dir, ['rev-parse', '--show-toplevel']);
  const status = await git(dir, ['status', '--porcelain', '--', '.']);
  const repository =
    remote !== undefined && remote !== '' ? withoutCredentials(remote) : pathToFileURL(top ?? dir).href;
  return { repository, commit, dirty: status !== undefined && status !== '' };
}
