import { describe, expect, it } from 'vitest';
import { sha1Hex, sha512Integrity } from './digests.ts';
import { createNpmClient, npmPathName } from './npmClient.ts';
import { tarGz } from './testing/tarGz.ts';

function tarball(manifest: object): Uint8Array {
  return tarGz({ 'package/package.json': JSON.stringify(manifest) });
}

describe('npm publish body', () => {
  it('carries the tarball and the provenance bundle as npm names them', async () => {
    const bytes = tarball({ name: '@acme/tool', version: '2.0.0', description: 'd' });
    const requests: { url: string; init: RequestInit }[] = [];
    const client = createNpmClient({
      registryUrl: 'http://registry.test/',
      token: 't0k',
      fetch: (input, init) => {
        requests.push({ url: input instanceof Request ? input.url : input.toString(), init: init ?? {} });
        const absent = requests.length === 1;
        return Promise.resolve(new Response(absent ? '{}' : '{"ok":true}', { status: absent ? 404 : 201 }));
      },
    });
    const bundle = { mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json' };
    const receipt = await client.publish(bytes, { tag: 'staging', provenanceBundle: bundle });

    expect(receipt.alreadyPublished).toBe(false);
    const put = requests[1];
    expect(put?.url).toBe('http://registry.test/@acme%2Ftool');
    expect(put?.init.method).toBe('PUT');
    expect((put?.init.headers as Record<string, string>)['authorization']).toBe('Bearer t0k');
    const body = JSON.parse(put?.init.body as string) as {
      'dist-tags': Record<string, string>;
      versions: Record<string, { dist: unknown }>;
      _attachments: Record<string, { content_type: string; data: string; length: number }>;
    };
    expect(body['dist-tags']).toEqual({ staging: '2.0.0' });
    expect(body.versions['2.0.0']?.dist).toEqual({
      integrity: sha512Integrity(bytes),
      shasum: sha1Hex(bytes),
      tarball: 'http://registry.test/@acme/tool/-/@acme/tool-2.0.0.tgz',
    });
    expect(body._attachments['@acme/tool-2.0.0.tgz']).toEqual({
      content_type: 'application/octet-stream',
      data: Buffer.from(bytes).toString('base64'),
      length: bytes.length,
    });
    expect(JSON.parse(body._attachments['@acme/tool-2.0.0.sigstore']?.data ?? 'null')).toEqual(bundle);
  });

  it('encodes scoped names for paths', () => {
    expect(npmPathName('@scope/name')).toBe('@scope%2Fname');
    expect(npmPathName('plain')).toBe('plain');
  });
});
