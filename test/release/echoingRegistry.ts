import { generateKeyPairSync } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { artifactsOnlyPolicy } from '@shiplog/ledger/testing/artifactsOnlyPolicy.ts';
import { openStore } from '@shiplog/store';

/** An HTTP server answering each request as `answer` says, with the request's body read. */
export interface EchoingRegistry {
  readonly url: string;
  /** Every Authorization header and request body it was sent. */
  readonly seen: string[];
  close(): Promise<void>;
}

type Answer = (req: IncomingMessage, body: string, res: ServerResponse) => void;

/** By default: 401 with the Authorization header it was sent quoted in the error body. */
export const echoAuthorization: Answer = (req, _body, res) => {
  const authorization = req.headers.authorization ?? '(none)';
  res.writeHead(401, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: `bad credentials: ${authorization}` }] }),
  );
};

export async function startEchoingRegistry(answer: Answer = echoAuthorization): Promise<EchoingRegistry> {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push(req.headers.authorization ?? '', body);
      answer(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Writes a signing key and a policy asking only for what a release here shows (build, SBOM,
 * signature) into `dir`; returns the `shiplog` settings using them and a ledger in `dir`.
 */
export async function releaseSettings(dir: string): Promise<Record<string, string>> {
  const { privateKey } = generateKeyPairSync('ed25519');
  await writeFile(join(dir, 'signing.pem'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
  await writeFile(join(dir, 'policy.json'), JSON.stringify(artifactsOnlyPolicy('secrets-e2e')));
  return {
    SHIPLOG_STORE: `sqlite:${join(dir, 'ledger.db')}`,
    SHIPLOG_ARTIFACTS_DIR: join(dir, 'artifacts'),
    SHIPLOG_SIGNING_KEY_FILE: join(dir, 'signing.pem'),
    SHIPLOG_SIGNING_KEY_HINT: 'secrets-e2e',
    SHIPLOG_GATE_POLICY: join(dir, 'policy.json'),
    SHIPLOG_LOG_LEVEL: 'info',
  };
}

/** The data of every event the ledger in `dir` holds. */
export async function ledgerData(dir: string): Promise<string[]> {
  const store = await openStore(`sqlite:${join(dir, 'ledger.db')}`);
  const data: string[] = [];
  try {
    for await (const record of store.readAll()) data.push(record.data);
  } finally {
    await store.close();
  }
  return data;
}
