import { createHash, generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fulcioHandler, initializeCA, initializeCTLog, initializeTLog, rekorHandler } from '@sigstore/mock';

/** A local Fulcio + Rekor (the `@sigstore/mock` handlers) served over real HTTP on a random port. */
export interface MockSigstore {
  /** Base URL serving both Fulcio (`/api/v2/signingCert`) and Rekor (`/api/v1/log/entries`). */
  readonly url: string;
  /** The Sigstore trusted root (JSON) naming this CA, CT log and transparency log. */
  readonly trustedRoot: unknown;
  /** An unsigned OIDC-shaped identity token for `subject` issued by `issuer` (the mock reads its claims). */
  identityToken(subject: string, issuer: string): string;
  close(): Promise<void>;
}

function p256() {
  return generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

const b64 = (bytes: ArrayBufferView | Buffer): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const since = { start: '2000-01-01T00:00:00Z' };

/** Starts the mock Sigstore services. Call `close()` in an `afterAll` hook. */
export async function startMockSigstore(): Promise<MockSigstore> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ctLog = await initializeCTLog(p256());
  const ca = await initializeCA(p256(), ctLog);
  const tlog = await initializeTLog(url, p256());
  const handlers = [fulcioHandler(ca), rekorHandler(tlog)];
  server.on('request', (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const handler = handlers.find((h) => req.method === 'POST' && req.url === h.path);
      if (handler === undefined) {
        res.writeHead(404).end();
        return;
      }
      handler
        .fn(Buffer.concat(chunks).toString('utf8'))
        .then(({ statusCode, response, contentType }) => {
          res.writeHead(statusCode, { 'content-type': contentType ?? 'text/plain' });
          res.end(
            typeof response === 'string'
              ? response
              : Buffer.from(response.buffer, response.byteOffset, response.byteLength),
          );
        })
        .catch((err: unknown) => res.writeHead(500).end(String(err)));
    });
  });
  const tlogKey = tlog.publicKey;
  const trustedRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [
      {
        baseUrl: url,
        hashAlgorithm: 'SHA2_256',
        publicKey: { rawBytes: b64(tlogKey), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: since },
        logId: { keyId: createHash('sha256').update(tlogKey).digest('base64') },
      },
    ],
    certificateAuthorities: [
      {
        subject: { organization: 'sigstore-mock', commonName: 'sigstore' },
        uri: url,
        certChain: { certificates: [{ rawBytes: b64(ca.rootCertificate) }] },
        validFor: since,
      },
    ],
    ctlogs: [
      {
        baseUrl: url,
        hashAlgorithm: 'SHA2_256',
        publicKey: { rawBytes: b64(ctLog.publicKey), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: since },
        logId: { keyId: b64(ctLog.logID) },
      },
    ],
    timestampAuthorities: [],
  };
  return {
    url,
    trustedRoot,
    identityToken: (subject, issuer) => {
      const now = Math.floor(Date.now() / 1000);
      const claims = { iss: issuer, sub: subject, aud: 'sigstore', iat: now, exp: now + 600 };
      return `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims)}.`;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err === undefined ? resolve() : reject(err)));
      }),
  };
}
