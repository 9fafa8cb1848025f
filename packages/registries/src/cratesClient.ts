import { crateMetadataOf, encodePublishBody } from './crateMetadata.ts';
import { parseIndexFile, sparseIndexPath } from './cratesIndex.ts';
import { RegistryError, RegistryErrorCode } from './errors.ts';
import { digestOfUpload, versionExists } from './expectDigest.ts';
import { errorDetail, failureOf, httpFrom, joinUrl, readText, send } from './http.ts';
import type { Http } from './http.ts';
import type { ClientOptions, Lookup, PublishOptions, PublishReceipt } from './types.ts';

/** Options for {@link createCratesClient}. */
export interface CratesClientOptions extends ClientOptions {
  /** The web API base, e.g. `https://crates.io`. */
  readonly apiUrl: string;
  /** The sparse index base, e.g. `https://index.crates.io/` (a `sparse+` prefix is accepted). */
  readonly indexUrl: string;
  /** The API token, sent raw in `Authorization`; only publish, yank and unyank need it. */
  readonly token?: string;
  /** How long publish waits for the index to show the new version; default 60 s. */
  readonly indexTimeoutMs?: number;
  /** Pause between index polls; default 1 s. */
  readonly indexPollMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** A crates.io (or compatible) registry client. */
export interface CratesClient {
  /** The version's index entry: absent, or present with `sha256:<cksum>` and its yank state. */
  lookup(name: string, version: string): Promise<Lookup>;
  /** Publishes a `.crate` made by `cargo package`; idempotent by content. */
  publish(crate: Uint8Array, options?: PublishOptions): Promise<PublishReceipt>;
  yank(name: string, version: string): Promise<void>;
  unyank(name: string, version: string): Promise<void>;
}

const sleeper = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates a client for the crates.io publish API and sparse index (PROTOCOLS.md, crates.io). */
export function createCratesClient(options: CratesClientOptions): CratesClient {
  const http = httpFrom(options);
  const indexUrl = options.indexUrl.replace(/^sparse\+/, '');
  const sleep = options.sleep ?? sleeper;
  const authorization = (): Record<string, string> => {
    if (options.token === undefined) {
      throw new RegistryError(RegistryErrorCode.AuthFailed, `no token for ${options.apiUrl}`);
    }
    return { authorization: options.token };
  };

  const lookup = async (name: string, version: string): Promise<Lookup> => {
    const url = joinUrl(indexUrl, sparseIndexPath(name));
    const response = await send(http, url, { headers: { 'cache-control': 'no-cache' } });
    if (response.status === 404 || response.status === 410) {
      await response.body?.cancel();
      return { state: 'absent' };
    }
    if (!response.ok) throw await failureOf(http, response, url, `index lookup of ${name}`);
    const entry = parseIndexFile(await readText(response, url)).find((e) => e.vers === version);
    return entry === undefined
      ? { state: 'absent' }
      : { state: 'present', digest: `sha256:${entry.cksum}`, yanked: entry.yanked };
  };

  const awaitIndexed = async (name: string, version: string): Promise<Lookup> => {
    const deadline = http.now().getTime() + (options.indexTimeoutMs ?? 60_000);
    for (;;) {
      const found = await lookup(name, version);
      if (found.state === 'present' || http.now().getTime() >= deadline) return found;
      await sleep(options.indexPollMs ?? 1000);
    }
  };

  const setYanked = async (name: string, version: string, yanked: boolean): Promise<void> => {
    const path = `api/v1/crates/${encodeURIComponent(name)}/${encodeURIComponent(version)}/${yanked ? 'yank' : 'unyank'}`;
    const url = joinUrl(options.apiUrl, path);
    const response = await send(http, url, { method: yanked ? 'DELETE' : 'PUT', headers: authorization() });
    if (!response.ok)
      throw await failureOf(http, response, url, `${yanked ? 'yank' : 'unyank'} of ${name}@${version}`);
    const body = await readText(response, url);
    if (/"errors"\s*:\s*\[\s*\{/.test(body))
      throw new RegistryError(RegistryErrorCode.Rejected, errorDetail(body));
  };

  return {
    lookup,
    async publish(crate, publishOptions = {}) {
      const metadata = crateMetadataOf(crate, indexUrl);
      const what = `crate ${metadata.name}@${metadata.vers}`;
      const digest = digestOfUpload(crate, publishOptions.expectedDigest, what);
      const receipt = (alreadyPublished: boolean, indexed: boolean): PublishReceipt => ({
        ecosystem: 'cargo',
        registry: options.apiUrl,
        name: metadata.name,
        version: metadata.vers,
        digest,
        alreadyPublished,
        details: { indexed },
      });
      const decide = (found: Lookup): PublishReceipt | undefined => {
        if (found.state === 'absent') return undefined;
        if (found.digest !== digest) throw versionExists(what, found.digest, digest);
        return receipt(true, true);
      };

      const before = decide(await lookup(metadata.name, metadata.vers));
      if (before !== undefined) return before;

      const url = joinUrl(options.apiUrl, 'api/v1/crates/new');
      const response = await send(http, url, {
        method: 'PUT',
        headers: {
          ...authorization(),
          'content-type': 'application/octet-stream',
          accept: 'application/json',
        },
        body: encodePublishBody(metadata, crate),
      });
      if ((await checkPublishAnswer(http, response, url, what)) === 'duplicate') {
        // The version appeared since our lookup (a parallel run, or the index lagging behind).
        const raced = decide(await awaitIndexed(metadata.name, metadata.vers));
        if (raced === undefined)
          throw new RegistryError(RegistryErrorCode.Rejected, `${what} is already uploaded`);
        return raced;
      }

      const after = await awaitIndexed(metadata.name, metadata.vers);
      if (after.state === 'present' && after.digest !== digest) {
        throw new RegistryError(
          RegistryErrorCode.DigestMismatch,
          `${what}: the index lists ${after.digest}, we sent ${digest}`,
        );
      }
      return receipt(false, after.state === 'present');
    },
    yank: (name, version) => setYanked(name, version, true),
    unyank: (name, version) => setYanked(name, version, false),
  };
}

/** Judges the publish answer. Cargo shows `errors[].detail` even with status 200, so we do too. */
async function checkPublishAnswer(
  http: Http,
  response: Response,
  url: string,
  what: string,
): Promise<'published' | 'duplicate'> {
  if (response.status === 429 || response.status >= 500)
    throw await failureOf(http, response, url, `publish of ${what}`);
  const body = await readText(response, url);
  const hasErrors = /"errors"\s*:\s*\[\s*\{/.test(body);
  if (response.ok && !hasErrors) return 'published';
  const detail = errorDetail(body);
  if (/already (been )?uploaded|already exists/i.test(detail)) return 'duplicate';
  const status = response.status;
  if (status === 401 || status === 403) {
    throw new RegistryError(RegistryErrorCode.AuthFailed, `publish of ${what}: ${detail}`, { status });
  }
  throw new RegistryError(RegistryErrorCode.Rejected, `publish of ${what}: ${detail}`, { status });
}
