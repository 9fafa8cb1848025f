import { describe, expect, it } from 'vitest';
import { RegistryErrorCode } from './errors.ts';
import { trustedPublishingToken } from './trustedPublishing.ts';
import type { FetchFunction } from './types.ts';
import { codeOf } from '@shiplog/events/testing';

interface Sent {
  url: string;
  init: RequestInit;
}

function answering(status: number, body: string, sent: Sent[] = []): FetchFunction {
  return (input, init) => {
    sent.push({ url: input instanceof Request ? input.url : input.toString(), init: init ?? {} });
    return Promise.resolve(new Response(body, { status }));
  };
}

describe('trusted publishing token exchange', () => {
  it('posts {jwt} to the crates API and returns the minted token', async () => {
    const sent: Sent[] = [];
    const token = await trustedPublishingToken({
      ecosystem: 'cargo',
      registryUrl: 'https://crates.test/',
      oidcToken: 'oidc-1',
      fetch: answering(200, '{"token":"cio_tp_abc"}', sent),
    });
    expect(token).toBe('cio_tp_abc');
    expect(sent[0]?.url).toBe('https://crates.test/api/v1/trusted_publishing/tokens');
    expect(sent[0]?.init.method).toBe('POST');
    expect(JSON.parse(sent[0]?.init.body as string)).toEqual({ jwt: 'oidc-1' });
  });

  it("posts {token} to the PyPI upload host's mint endpoint, whatever the upload path", async () => {
    const sent: Sent[] = [];
    const token = await trustedPublishingToken({
      ecosystem: 'pypi',
      registryUrl: 'https://upload.pypi.test/legacy/',
      oidcToken: 'oidc-2',
      fetch: answering(200, '{"success":true,"token":"pypi-abc","expires":1}', sent),
    });
    expect(token).toBe('pypi-abc');
    expect(sent[0]?.url).toBe('https://upload.pypi.test/_/oidc/mint-token');
    expect(JSON.parse(sent[0]?.init.body as string)).toEqual({ token: 'oidc-2' });
  });

  it.each([
    [401, '{"errors":[{"detail":"Failed to decode JWT"}]}', RegistryErrorCode.AuthFailed],
    [403, '{"errors":[{"detail":"forbidden"}]}', RegistryErrorCode.AuthFailed],
    [400, '{"errors":[{"detail":"Missing `jwt` field"}]}', RegistryErrorCode.AuthFailed],
    [
      422,
      '{"message":"Token request failed","errors":[{"code":"invalid-publisher","description":"x"}]}',
      RegistryErrorCode.AuthFailed,
    ],
    [404, '{"errors":[{"detail":"Not Found"}]}', RegistryErrorCode.NotFound],
    [429, '{"errors":[{"detail":"slow down"}]}', RegistryErrorCode.RateLimited],
    [503, 'Service Unavailable', RegistryErrorCode.Unavailable],
    [200, '{"success":true}', RegistryErrorCode.ProtocolError],
    [200, '<html>not json</html>', RegistryErrorCode.ProtocolError],
  ])('answers %i %s with %s', async (status, body, code) => {
    const exchange = trustedPublishingToken({
      ecosystem: 'cargo',
      registryUrl: 'https://crates.test',
      oidcToken: 'oidc',
      fetch: answering(status, body),
    });
    expect(await codeOf(exchange)).toBe(code);
  });

  it('reports a registry it cannot reach as REGISTRY_UNAVAILABLE', async () => {
    const exchange = trustedPublishingToken({
      ecosystem: 'pypi',
      registryUrl: 'https://upload.pypi.test/legacy/',
      oidcToken: 'oidc',
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    expect(await codeOf(exchange)).toBe(RegistryErrorCode.Unavailable);
  });

  it('refuses an empty OIDC token without asking the registry', async () => {
    const sent: Sent[] = [];
    const exchange = trustedPublishingToken({
      ecosystem: 'cargo',
      registryUrl: 'https://crates.test',
      oidcToken: '',
      fetch: answering(200, '{"token":"t"}', sent),
    });
    expect(await codeOf(exchange)).toBe(RegistryErrorCode.AuthFailed);
    expect(sent).toHaveLength(0);
  });
});
