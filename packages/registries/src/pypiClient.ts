import { RegistryError, RegistryErrorCode } from './errors.ts';
import { digestOfUpload, versionExists } from './expectDigest.ts';
import { errorDetail, failureOf, httpFrom, joinUrl, readText, send } from './http.ts';
import { normalizePythonName, pythonDistributionOf } from './pythonMetadata.ts';
import { parseSimpleIndex } from './simpleIndex.ts';
import type { ClientOptions, Lookup, PublishOptions, PublishReceipt } from './types.ts';

/** Options for {@link createPypiClient}. */
export interface PypiClientOptions extends ClientOptions {
  /** The legacy upload endpoint, e.g. `https://upload.pypi.org/legacy/`. */
  readonly uploadUrl: string;
  /** The PEP 503 simple index, e.g. `https://pypi.org/simple/`. */
  readonly indexUrl: string;
  /** An API token (sent as `__token__:<token>`), or other Basic credentials. */
  readonly token?: string;
  readonly username?: string;
  readonly password?: string;
}

/** Options of one file upload. */
export interface PypiPublishOptions extends PublishOptions {
  /** PEP 740 attestation objects, sent as the `attestations` JSON array. */
  readonly attestations?: readonly unknown[];
}

/** A PyPI (or compatible) client. PyPI releases are sets of files, so it works file by file. */
export interface PypiClient {
  /** The file of that version: absent, or present with the `sha256:<hex>` of the simple index. */
  lookup(name: string, version: string, filename: string): Promise<Lookup>;
  /** Uploads one wheel or sdist; idempotent by content. The name and version come from its METADATA. */
  publish(file: Uint8Array, filename: string, options?: PypiPublishOptions): Promise<PublishReceipt>;
}

/** Creates a client for the legacy upload API and the PEP 503 simple index (PROTOCOLS.md, PyPI). */
export function createPypiClient(options: PypiClientOptions): PypiClient {
  const http = httpFrom(options);
  const authorization = (): string => {
    const user = options.token === undefined ? options.username : '__token__';
    const secret = options.token ?? options.password;
    if (user === undefined || secret === undefined) {
      throw new RegistryError(RegistryErrorCode.AuthFailed, `no credentials for ${options.uploadUrl}`);
    }
    return `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
  };

  const lookup = async (name: string, version: string, filename: string): Promise<Lookup> => {
    const url = joinUrl(options.indexUrl, `${normalizePythonName(name)}/`);
    const response = await send(http, url, { headers: { accept: 'text/html', 'cache-control': 'no-cache' } });
    if (response.status === 404) {
      await response.body?.cancel();
      return { state: 'absent' };
    }
    if (!response.ok) throw await failureOf(http, response, url, `simple index of ${name}`);
    const file = parseSimpleIndex(await readText(response, url), response.url || url).find(
      (f) => f.filename === filename,
    );
    if (file === undefined) return { state: 'absent' };
    if (file.digest === undefined) {
      throw new RegistryError(
        RegistryErrorCode.ProtocolError,
        `the index gives no sha256 for ${filename} of ${name} ${version}`,
      );
    }
    return { state: 'present', digest: file.digest };
  };

  return {
    lookup,
    async publish(file, filename, publishOptions = {}) {
      const dist = pythonDistributionOf(file, filename);
      const what = `${filename} of ${dist.name} ${dist.version}`;
      const digest = digestOfUpload(file, publishOptions.expectedDigest, what);
      const receipt = (alreadyPublished: boolean): PublishReceipt => ({
        ecosystem: 'pypi',
        registry: options.uploadUrl,
        name: dist.name,
        version: dist.version,
        digest,
        alreadyPublished,
        details: { filename, filetype: dist.filetype },
      });
      const decide = (found: Lookup): PublishReceipt | undefined => {
        if (found.state === 'absent') return undefined;
        if (found.digest !== digest) throw versionExists(what, found.digest, digest);
        return receipt(true);
      };
      const before = decide(await lookup(dist.name, dist.version, filename));
      if (before !== undefined) return before;

      const form = new FormData();
      form.append(':action', 'file_upload');
      form.append('protocol_version', '1');
      form.append('filetype', dist.filetype);
      form.append('pyversion', dist.pyversion);
      form.append('sha256_digest', digest.slice('sha256:'.length));
      for (const [key, value] of dist.fields) form.append(key, value);
      if (publishOptions.attestations !== undefined)
        form.append('attestations', JSON.stringify(publishOptions.attestations));
      form.append('content', new Blob([file], { type: 'application/octet-stream' }), filename);

      const response = await send(http, options.uploadUrl, {
        method: 'POST',
        headers: { authorization: authorization() },
        body: form,
      });
      if (response.ok) {
        await response.body?.cancel();
        return receipt(false);
      }
      if (response.status !== 400)
        throw await failureOf(http, response, options.uploadUrl, `upload of ${what}`);
      // Warehouse puts its reason in the status line as well as in an HTML body.
      const reason =
        `${response.statusText} ${errorDetail(await readText(response, options.uploadUrl))}`.trim();
      if (/already exists/i.test(reason)) {
        const raced = decide(await lookup(dist.name, dist.version, filename));
        if (raced !== undefined) return raced;
      }
      throw new RegistryError(RegistryErrorCode.Rejected, `upload of ${what}: 400 ${reason}`, {
        status: 400,
      });
    },
  };
}
