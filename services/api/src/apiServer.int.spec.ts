import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
  createCheckpoint,
  generateSignerKey,
  openCheckpoint,
  openCheckpointStore,
  parseSignerKey,
  parseVerifierKey,
} from '@shiplog/checkpoint';
import { toBinaryCloudEvent, toStructuredCloudEvent } from '@shiplog/events';
import type { CDEvent } from '@shiplog/events';
import { createSqliteEventStore } from '@shiplog/store';
import type { EventStore, RecordedEvent } from '@shiplog/store';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiServer } from './apiServer.ts';
import type { ApiServer } from './apiServer.ts';
import { rolesFor } from './apiTokens.ts';
import type { openApiDocument } from './openApiDocument.ts';

const secret = () => randomBytes(24).toString('base64url');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const auditor = secret();
const emitter = secret();

let dir: string;
let store: EventStore;
let api: ApiServer;
let url: string;
let logs: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-api-'));
  store = await createSqliteEventStore(join(dir, 'ledger.db'));
  logs = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs += chunk.toString();
      done();
    },
  });
  api = createApiServer({
    store,
    logger: pino({ level: 'debug' }, sink),
    tokens: [
      { name: 'audit-team', role: 'auditor', sha256: sha256(auditor) },
      { name: 'ci', role: 'emitter', sha256: sha256(emitter) },
    ],
    maxBodyBytes: 64 * 1024,
  });
  ({ url } = await api.listen({ port: 0, host: '127.0.0.1' }));
});
afterEach(async () => {
  await api.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

function call(path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token !== undefined) headers.set('authorization', `Bearer ${init.token}`);
  return fetch(`${url}${path}`, { ...init, headers });
}

async function records(): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for await (const r of store.readAll()) all.push(r);
  return all;
}

function change(id: string, repository = 'acme/shop'): CDEvent {
  const event: CDEvent = {
    context: {
      specversion: '0.5.1',
      id,
      source: '/github/acme/shop',
      type: 'dev.cdevents.change.created.0.4.0',
      timestamp: '2026-02-01T09:00:00Z',
    },
    subject: { id: 'PR-42', content: { repository: { id: repository } } },
  };
  return event;
}

describe('authentication and roles', () => {
  it('answers 401 with a Bearer challenge without a token or with an unknown one', async () => {
    for (const token of [undefined, secret()]) {
      for (const [method, path] of [
        ['GET', '/v1/deployed?env=production'],
        ['POST', '/v1/events'],
        ['GET', `/v1/gate?env=staging&artifact=sha256:${'a'.repeat(64)}`],
      ] as const) {
        const response = await call(path, { method, ...(token === undefined ? {} : { token }) });
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
        expect(await response.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
      }
    }
    expect(await records()).toEqual([]);
  });

  it('forbids auditors to write (403) and records nothing', async () => {
    const events = await call('/v1/events', {
      method: 'POST',
      token: auditor,
      body: JSON.stringify(change('c-1')),
    });
    expect(events.status).toBe(403);
    expect(await events.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const gate = await call('/v1/gate', {
      method: 'POST',
      token: auditor,
      body: JSON.stringify({ env: 'staging', artifact: `sha256:${'a'.repeat(64)}` }),
    });
    expect(gate.status).toBe(403);
    expect(await records()).toEqual([]);
  });

  it('forbids emitters to read the auditor answers (the read-only gate evaluation included)', async () => {
    expect((await call('/v1/deployed?env=production', { token: emitter })).status).toBe(403);
    const gate = await call(`/v1/gate?env=staging&artifact=sha256:${'a'.repeat(64)}`, { token: emitter });
    expect(gate.status).toBe(403);
  });

  it('never writes a token into its logs', async () => {
    await call('/v1/events', { method: 'POST', token: emitter, body: JSON.stringify(change('c-log')) });
    await call('/v1/events', { method: 'POST', token: auditor, body: '{}' });
    await call('/v1/deployed?env=x', { token: 'not-a-token-xyz' });
    expect(logs).toContain('"caller":"ci"');
    for (const token of [auditor, emitter, 'not-a-token-xyz']) expect(logs).not.toContain(token);
  });
});

describe('POST /v1/events', () => {
  it('records a bare CDEvent (201), answers a retry as duplicate (200) and refuses a reused id (422)', async () => {
    const body = JSON.stringify(change('c-1'));
    const first = await call('/v1/events', { method: 'POST', token: emitter, body });
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({
      status: 'recorded',
      eventId: 'c-1',
      streamId: 'change-PR-42',
      producer: 'api:ci',
    });
    const retry = await call('/v1/events', { method: 'POST', token: emitter, body });
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ status: 'duplicate', eventId: 'c-1', producer: 'api:ci' });
    const reused = await call('/v1/events', {
      method: 'POST',
      token: emitter,
      body: JSON.stringify(change('c-1', 'acme/other')),
    });
    expect(reused.status).toBe(422);
    expect(await reused.json()).toMatchObject({ status: 'refused', problems: [{ code: 'EVENT_ID_REUSED' }] });
    const stored = await records();
    expect(stored.map((r) => [r.id, r.producer, r.data])).toEqual([['c-1', 'api:ci', body]]);
  });

  it('takes CloudEvents in binary and structured mode, keeping the CDEvent verbatim', async () => {
    const binary = toBinaryCloudEvent(change('c-bin'));
    const b = await call('/v1/events', {
      method: 'POST',
      token: emitter,
      headers: binary.headers,
      body: binary.body,
    });
    expect(b.status).toBe(201);
    const structured = toStructuredCloudEvent(change('c-str'));
    const s = await call('/v1/events', {
      method: 'POST',
      token: emitter,
      headers: { 'content-type': 'application/cloudevents+json' },
      body: JSON.stringify(structured),
    });
    expect(s.status).toBe(201);
    const stored = await records();
    expect(stored.map((r) => r.id)).toEqual(['c-bin', 'c-str']);
    expect(stored[0]?.data).toBe(binary.body);
  });

  it('refuses malformed input with 422 and the problems, and records nothing', async () => {
    for (const body of ['{not json', JSON.stringify({ context: { id: 'x' } }), '']) {
      const response = await call('/v1/events', { method: 'POST', token: emitter, body });
      expect(response.status).toBe(422);
      const answer = (await response.json()) as { status: string; problems: unknown[] };
      expect(answer.status).toBe('refused');
      expect(answer.problems.length).toBeGreaterThan(0);
    }
    expect(await records()).toEqual([]);
  });

  it('refuses a body over the limit with 413', async () => {
    const response = await call('/v1/events', {
      method: 'POST',
      token: emitter,
      body: 'x'.repeat(70 * 1024),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: 'BODY_TOO_LARGE' } });
  });
});

describe('routes', () => {
  it('lists every route it answers, and only those, in its OpenAPI 3.1 document', async () => {
    const response = await call('/v1/openapi.json');
    expect(response.status).toBe(200);
    const doc = (await response.json()) as typeof openApiDocument;
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(api.routes.map((r) => `${r.method} ${r.path}`).sort());
    // Every operation names the roles that may call it, as the server enforces them.
    for (const route of api.routes) {
      const operation = (doc.paths as Record<string, Record<string, { 'x-shiplog-roles': string[] }>>)[
        route.path
      ]?.[route.method.toLowerCase()];
      const roles = route.access === 'public' ? [] : rolesFor(route.access);
      expect(operation?.['x-shiplog-roles'], `${route.method} ${route.path}`).toEqual(roles);
    }
    for (const route of api.routes.filter((r) => r.access !== 'public')) {
      const operation = (doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)[
        route.path
      ]?.[route.method.toLowerCase()];
      expect(Object.keys(operation?.responses ?? {}), `${route.method} ${route.path}`).toEqual(
        expect.arrayContaining(['401', '403']),
      );
    }
  });

  it('answers 404 for an unknown path and 405 for a wrong method', async () => {
    expect((await call('/v1/nothing', { token: auditor })).status).toBe(404);
    // A malformed escape in a path parameter is not the server's failure.
    expect((await call('/v1/why/%E0%A4%A', { token: auditor })).status).toBe(503);
    const wrong = await call('/v1/events', { token: emitter });
    expect(wrong.status).toBe(405);
    expect(await wrong.json()).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });
  });

  it('names each bad query parameter (400) before anything else', async () => {
    const response = await call('/v1/deployed?at=yesterday&colour=red', { token: auditor });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; problems: { path: string }[] } };
    expect(body.error.code).toBe('QUERY_INVALID');
    expect(body.error.problems.map((p) => p.path).sort()).toEqual(['at', 'colour', 'env']);
  });

  it('answers 503 for the read models when this process has none', async () => {
    const response = await call('/v1/history?env=production', { token: auditor });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ error: { code: 'PROJECTIONS_UNAVAILABLE' } });
  });
});

describe('the gate over HTTP', () => {
  it('names a bad artifact or stage (400) and records nothing', async () => {
    const query = await call('/v1/gate?env=production&artifact=latest', { token: auditor });
    expect(query.status).toBe(400);
    expect(await query.json()).toMatchObject({
      error: { code: 'QUERY_INVALID', problems: [{ path: 'artifact' }] },
    });
    const body = await call('/v1/gate', {
      method: 'POST',
      token: emitter,
      body: JSON.stringify({ env: 'production', artifact: `sha256:${'a'.repeat(64)}`, stage: 'launch' }),
    });
    expect(body.status).toBe(400);
    expect(await body.json()).toMatchObject({
      error: { code: 'BODY_INVALID', problems: [{ path: 'stage' }] },
    });
    const notJson = await call('/v1/gate', { method: 'POST', token: emitter, body: 'env=production' });
    expect(notJson.status).toBe(400);
    expect(await records()).toEqual([]);
  });

  it('POST denies an artifact with no evidence (200) and records the decision under the caller', async () => {
    const digest = `sha256:${'b'.repeat(64)}`;
    const response = await call('/v1/gate', {
      method: 'POST',
      token: emitter,
      body: JSON.stringify({ env: 'staging', artifact: digest }),
    });
    expect(response.status).toBe(200);
    const outcome = (await response.json()) as {
      gateId: string;
      decision: string;
      reasons: { code: string }[];
      recorded: { status: string };
    };
    expect(outcome.decision).toBe('deny');
    expect(outcome.reasons.map((r) => r.code)).toContain('ARTIFACT_NOT_BUILT');
    expect(outcome.recorded.status).toBe('recorded');
    expect((await records()).map((r) => [r.id, r.streamId, r.producer])).toEqual([
      [outcome.gateId, `gate-${outcome.gateId}`, 'api:ci'],
    ]);
  });

  it('GET only evaluates: the same decision, said to be unrecorded, and nothing written', async () => {
    await call('/v1/events', { method: 'POST', token: emitter, body: JSON.stringify(change('c-gate')) });
    const before = await records();
    const digest = `sha256:${'c'.repeat(64)}`;
    for (let i = 0; i < 3; i += 1) {
      const response = await call(`/v1/gate?env=staging&artifact=${digest}`, { token: auditor });
      expect(response.status).toBe(200);
      const evaluation = (await response.json()) as Record<string, unknown>;
      expect(evaluation).toMatchObject({ decision: 'deny', recorded: false, environment: 'staging' });
      expect(evaluation).not.toHaveProperty('gateId');
    }
    expect(await records()).toEqual(before);
  });
});

describe('GET /v1/checkpoint', () => {
  it('answers 404 before the first checkpoint, then the latest signed one (auditor only)', async () => {
    const checkpoints = openCheckpointStore(join(dir, 'ledger.db'));
    const withCheckpoints = createApiServer({
      store,
      logger: pino({ level: 'silent' }),
      tokens: [
        { name: 'audit-team', role: 'auditor', sha256: sha256(auditor) },
        { name: 'ci', role: 'emitter', sha256: sha256(emitter) },
      ],
      latestCheckpoint: () => checkpoints.latest(),
    });
    const { url: base } = await withCheckpoints.listen({ port: 0, host: '127.0.0.1' });
    const get = (token: string) =>
      fetch(`${base}/v1/checkpoint`, { headers: { authorization: `Bearer ${token}` } });
    try {
      expect(await (await get(auditor)).json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
      await store.appendToStream('release-r1', [{ id: 'e1', type: 't', data: '{}' }]);
      const signer = parseSignerKey(generateSignerKey('api.test/log'));
      await createCheckpoint({ store, checkpoints, signer });
      const response = await get(auditor);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { treeSize: number; note: string };
      expect(body.treeSize).toBe(1);
      expect(openCheckpoint(body.note, parseVerifierKey(signer.verifierKey))).toMatchObject({ size: 1 });
      expect((await get(emitter)).status).toBe(403);
    } finally {
      await withCheckpoints.close();
      checkpoints.close();
    }
  });
});
