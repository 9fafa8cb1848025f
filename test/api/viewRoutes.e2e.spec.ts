// The routes the web view reads (environments, timeline, a stored event, a release) and the web
// view's own files, on `shiplog serve api` (a real process) over the audit scenario's ledger.
import type { HistoryAnswer, TimelineAnswer } from '@shiplog/projections';
import { describe, expect, it } from 'vitest';
import { recordScenario } from '../audit/recordScenario.ts';
import { useApiOnLedger } from './useApiOnLedger.ts';

const ledger = useApiOnLedger('api-view', async (dir) => {
  const { store } = await recordScenario(dir);
  await store.close();
});
const { auditor, emitter } = ledger;

function call(path: string, bearer?: string): Promise<Response> {
  const headers: Record<string, string> = bearer === undefined ? {} : { authorization: `Bearer ${bearer}` };
  return fetch(`${ledger.url}${path}`, { headers });
}
async function json<T>(path: string): Promise<T> {
  const response = await call(path, auditor);
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

describe('the web view page', () => {
  it('is served at / without a token, holds no ledger data, and allows no script from elsewhere', async () => {
    const page = await call('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/web/app.js">');
    expect(html).not.toContain('production');
    const script = await call('/web/dom.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toContain('authorization: `Bearer');
    // Only the web view's own files: nothing else of the package, however the path is spelt.
    for (const path of ['/web/', '/web/../src/runApi.ts', '/web/%2e%2e/package.json', '/index.html'])
      expect((await call(path)).status, path).toBe(404);
  });
});

describe('GET /v1/environments, /v1/timeline, /v1/events/{id}, /v1/releases/{id}', () => {
  it('need an auditor or admin token, like every read route', async () => {
    for (const path of [
      '/v1/environments',
      '/v1/timeline?env=production',
      '/v1/events/x',
      '/v1/releases/x@1',
      '/v1/audit-bundle',
      `/v1/documents/sha256:${'0'.repeat(64)}`,
    ]) {
      expect((await call(path)).status, path).toBe(401);
      expect((await call(path, emitter)).status, path).toBe(403);
    }
  });

  it('lists each environment with recorded deployments once, with its services', async () => {
    const { environments } = await json<{ environments: { env: string; services: number }[] }>(
      '/v1/environments',
    );
    const names = environments.map((e) => e.env);
    expect(names).toEqual([...new Set(names)].sort());
    expect(names).toContain('production');
    for (const { env, services } of environments) {
      const history = await json<HistoryAnswer>(`/v1/history?env=${env}`);
      expect(services).toBe(new Set(history.entries.map((e) => e.service)).size);
    }
  });

  it("gives an environment's deployments newest first (the history reversed), with incidents, gate decisions and violations", async () => {
    const history = await json<HistoryAnswer>('/v1/history?env=production');
    const timeline = await json<TimelineAnswer>('/v1/timeline?env=production');
    const deployments = timeline.entries.filter((e) => e.kind === 'deployment');
    expect(deployments.map((e) => e.eventId)).toEqual(history.entries.map((e) => e.eventId).reverse());
    expect(deployments.map((e) => e.action)).toEqual(history.entries.map((e) => e.action).reverse());
    const times = timeline.entries.map((e) => e.at);
    expect(times).toEqual([...times].sort().reverse());
    expect(new Set(timeline.entries.map((e) => e.kind))).toEqual(new Set(['deployment', 'incident', 'gate']));
    for (const gate of timeline.entries.filter((e) => e.kind === 'gate'))
      expect(['allow', 'deny']).toContain(gate.action);
    // Each violation is the one recorded against that entry's event.
    const flagged = timeline.entries.filter((e) => e.violations.length > 0);
    expect(flagged.length).toBeGreaterThan(0);
    for (const entry of flagged) {
      const violation = await json<{
        records: { event: { subject: { content: Record<string, unknown> } } }[];
      }>(`/v1/events/${encodeURIComponent(entry.violations[0]?.eventId ?? '')}`);
      expect(JSON.stringify(violation.records[0]?.event.subject.content)).toContain(entry.eventId);
    }
    expect(timeline.truncated).toBe(false);
    const one = await json<TimelineAnswer>('/v1/timeline?env=production&limit=1');
    expect(one.entries).toEqual(timeline.entries.slice(0, 1));
    expect(one.truncated).toBe(true);
  });

  it('refuses a bad window or limit by name (400 QUERY_INVALID)', async () => {
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=1001', 'limit'],
      ['since=yesterday', 'since'],
      ['', 'env'],
    ] as const) {
      const response = await call(`/v1/timeline?${query === '' ? '' : `env=production&${query}`}`, auditor);
      expect(response.status, query).toBe(400);
      const body = (await response.json()) as { error: { code: string; problems: { path: string }[] } };
      expect(body.error.code).toBe('QUERY_INVALID');
      expect(body.error.problems.map((p) => p.path)).toContain(field);
    }
  });

  it('answers a stored event with its ledger metadata and the CDEvent as sent; 404 for an unknown id', async () => {
    const [first] = (await json<HistoryAnswer>('/v1/history?env=production')).entries;
    const id = first?.eventId ?? '';
    const stored = await json<{
      eventId: string;
      records: {
        id: string;
        producer: string;
        hash: string;
        position: number;
        event: { context: { id: string } };
      }[];
    }>(`/v1/events/${encodeURIComponent(id)}`);
    expect(stored.eventId).toBe(id);
    expect(stored.records).toHaveLength(1);
    expect(stored.records[0]).toMatchObject({ id, event: { context: { id } } });
    expect(stored.records[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
    const missing = await call('/v1/events/no-such-event', auditor);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('answers 404 NOT_FOUND for a release the ledger has no run of', async () => {
    const response = await call('/v1/releases/nothing@0.0.0', auditor);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('answers 404 NOT_FOUND for an audit bundle before the first checkpoint', async () => {
    const response = await call('/v1/audit-bundle', auditor);
    expect(response.status).toBe(404);
    const { error } = (await response.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain('shiplog checkpoint');
  });

  it('serves SBOMs and signature bundles by digest only: 400 QUERY_INVALID for another name, 404 for one not held', async () => {
    const bad = await call('/v1/documents/..%2F..%2Fetc%2Fpasswd', auditor);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'QUERY_INVALID' } });
    const absent = await call(`/v1/documents/sha256:${'0'.repeat(64)}`, auditor);
    expect(absent.status).toBe(404);
    expect(await absent.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});
