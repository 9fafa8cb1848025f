// Issue 14 through the real HTTP API (`shiplog serve api`): one request carries one event object,
// ill-formed text is refused with its path, and `why` finds every recorded event by its id.
import { describe, expect, it } from 'vitest';
import { useApiOnLedger } from './useApiOnLedger.ts';

const ledger = useApiOnLedger('api-faithful');
const { auditor, emitter } = ledger;

const removed = (id: string): string =>
  JSON.stringify({
    context: {
      specversion: '0.5.1',
      id,
      source: '/cd/argo',
      type: 'dev.cdevents.service.removed.0.3.0',
      timestamp: '2026-05-01T10:00:00Z',
    },
    subject: { id: 'checkout', content: { environment: { id: 'staging' } } },
  });

const binaryHeaders = (id: string) => ({
  'ce-specversion': '1.0',
  'ce-id': id,
  'ce-source': '/cd/argo',
  'ce-type': 'dev.cdevents.service.removed.0.3.0',
  'content-type': 'application/json',
});

async function post(body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${ledger.url}/v1/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${emitter}`, 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function why(id: string) {
  const response = await fetch(`${ledger.url}/v1/why/${encodeURIComponent(id)}`, {
    headers: { authorization: `Bearer ${auditor}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('POST /v1/events keeps exactly one event object per request', () => {
  it('refuses an event wrapped in an array (bare and binary mode), then records the event itself', async () => {
    const text = removed('wrapped-1');
    const bare = await post(`[${text}]`);
    expect(bare.status).toBe(422);
    expect(bare.body).toMatchObject({
      status: 'refused',
      problems: [{ code: 'DOCUMENT_NOT_AN_OBJECT', path: '' }],
    });
    const binary = await post(`[${text}]`, binaryHeaders('wrapped-1'));
    expect(binary.status).toBe(422);
    expect(binary.body).toMatchObject({ problems: [{ code: 'DOCUMENT_NOT_AN_OBJECT' }] });
    expect((await why('wrapped-1')).status).toBe(404);
    // The proper retry is recorded (not refused as a reused id), and why finds it.
    expect((await post(text, binaryHeaders('wrapped-1'))).status).toBe(201);
    const found = await why('wrapped-1');
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ matched: 'event', event: { eventId: 'wrapped-1' }, artifacts: [] });
  });

  it('refuses a lone surrogate in the id or environment with its JSON path; two such ids never collide', async () => {
    const lone = (low: string) => removed(`lone-ID`).replace('ID', `\\ud8${low}`);
    const first = await post(lone('00'));
    expect(first.status).toBe(422);
    expect(first.body).toMatchObject({ problems: [{ code: 'FIELD_TEXT_ILL_FORMED', path: '/context/id' }] });
    expect((await post(lone('01'))).status).toBe(422);
    const environment = removed('lone-env').replace('"staging"', '"stag\\udc00ing"');
    const refused = await post(environment);
    expect(refused.body).toMatchObject({
      problems: [{ code: 'FIELD_TEXT_ILL_FORMED', path: '/subject/content/environment/id' }],
    });
  });

  it('answers why for a recorded event that names no artifact', async () => {
    expect((await post(removed('removed-1'))).status).toBe(201);
    const found = await why('removed-1');
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({
      matched: 'event',
      event: {
        eventId: 'removed-1',
        type: 'dev.cdevents.service.removed.0.3.0',
        at: '2026-05-01T10:00:00.000Z',
      },
    });
  });
});
