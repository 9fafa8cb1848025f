import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudEvent, HTTP } from 'cloudevents';
import type { Message } from 'cloudevents';
import { eventMeaning } from '@shiplog/events';
import { createSqliteEventStore } from '@shiplog/store';
import type { EventStore, RecordedEvent } from '@shiplog/store';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiServer } from './apiServer.ts';
import type { ApiServer } from './apiServer.ts';

// The official CloudEvents JS SDK (npm `cloudevents`) as a producer: its HTTP binding builds the
// request, shiplog's real API answers it over HTTP.

const token = randomBytes(24).toString('base64url');
let dir: string;
let store: EventStore;
let api: ApiServer;
let url: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-cloudevents-'));
  store = await createSqliteEventStore(join(dir, 'ledger.db'));
  api = createApiServer({
    store,
    logger: pino({ level: 'silent' }),
    tokens: [{ name: 'sdk', role: 'emitter', sha256: createHash('sha256').update(token).digest('hex') }],
    maxBodyBytes: 64 * 1024,
  });
  ({ url } = await api.listen({ port: 0, host: '127.0.0.1' }));
});
afterEach(async () => {
  await api.close();
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

interface Answer {
  status: string;
  eventId?: string;
  problems?: { path: string; code: string; message: string }[];
}

async function send(message: Message): Promise<{ status: number; answer: Answer }> {
  const headers = new Headers(message.headers as Record<string, string>);
  headers.set('authorization', `Bearer ${token}`);
  const response = await fetch(`${url}/v1/events`, { method: 'POST', headers, body: message.body as string });
  return { status: response.status, answer: (await response.json()) as Answer };
}

async function records(): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  // The facts sent, not the violations the ledger records beside them.
  for await (const r of store.readAll()) if (r.producer === 'api:sdk') all.push(r);
  return all;
}

// A deployment as a CDEvents producer builds it, with a timestamp of the producer's spelling.
function deployed(timestamp: string, id = randomUUID()) {
  return {
    context: {
      specversion: '0.5.1',
      id,
      source: '/ci/deploy',
      type: 'dev.cdevents.service.deployed.0.3.0',
      timestamp,
    },
    subject: {
      id: 'checkout',
      content: { environment: { id: 'production' }, artifactId: 'pkg:oci/checkout@sha256%3Aab' },
    },
  };
}

// The CloudEvent a CDEvents SDK wraps it in: attributes copied from the context.
function cloudEventOf(event: ReturnType<typeof deployed>, extra: Record<string, unknown> = {}) {
  return new CloudEvent({
    id: event.context.id,
    source: event.context.source,
    type: event.context.type,
    subject: event.subject.id,
    time: event.context.timestamp,
    datacontenttype: 'application/json',
    data: event,
    ...extra,
  });
}

describe('the CloudEvents JS SDK as a producer, over HTTP', () => {
  it('binary mode: the SDK respells time with toISOString; the same instant is recorded', async () => {
    const event = deployed('2026-03-01T10:00:00.123456Z');
    const message = HTTP.binary(cloudEventOf(event));
    expect(message.headers['ce-time']).toBe('2026-03-01T10:00:00.123Z');
    const { status, answer } = await send(message);
    expect({ status, answer: answer.status }).toEqual({ status: 201, answer: 'recorded' });
    const [record] = await records();
    expect(record?.data).toBe(message.body);
  });

  it('structured mode: the docs’ `date -u +%Y-%m-%dT%H:%M:%SZ` timestamp gets in', async () => {
    const event = deployed('2026-03-01T10:00:00Z');
    const message = HTTP.structured(cloudEventOf(event));
    expect(JSON.parse(message.body as string)).toMatchObject({ time: '2026-03-01T10:00:00.000Z' });
    const { status, answer } = await send(message);
    expect({ status, answer }).toMatchObject({
      status: 201,
      answer: { status: 'recorded', eventId: event.context.id },
    });
    expect(JSON.parse((await records())[0]?.data ?? '')).toEqual(event);
  });

  it('a later time (the send time, as the Go SDK stamps it) is taken; an earlier one is refused', async () => {
    const sent = await send(
      HTTP.binary(cloudEventOf(deployed('2026-03-01T10:00:00Z'), { time: new Date().toISOString() })),
    );
    expect(sent.status).toBe(201);
    const early = await send(
      HTTP.binary(cloudEventOf(deployed('2026-03-01T10:00:00Z'), { time: '2026-03-01T09:59:59Z' })),
    );
    expect(early.status).toBe(422);
    expect(early.answer.problems?.[0]).toMatchObject({ path: 'ce-time', code: 'CLOUDEVENT_INVALID' });
    expect(early.answer.problems?.[0]?.message).toContain('2026-03-01T09:59:59');
  });

  it('CloudEvents 0.3 with a random ce-id (as sdk-java sends): context.id stays the fact’s id and idempotency key', async () => {
    const event = deployed('2026-03-01T10:00:00Z');
    const first = await send(HTTP.binary(cloudEventOf(event, { specversion: '0.3', id: randomUUID() })));
    expect(first).toMatchObject({ status: 201, answer: { status: 'recorded', eventId: event.context.id } });
    const again = await send(HTTP.structured(cloudEventOf(event, { specversion: '0.3', id: randomUUID() })));
    expect(again).toMatchObject({ status: 200, answer: { status: 'duplicate', eventId: event.context.id } });
    expect((await records()).map((r) => r.id)).toEqual([event.context.id]);
  });

  it('a spec 0.4.1 CDEvent (the official example) is recorded as sent and read as 0.5.1', async () => {
    const file = join(
      import.meta.dirname,
      '../../../events/schemas/cdevents-legacy/spec-v0.4.1/conformance/pipelinerun_finished.json',
    );
    const event = JSON.parse(await readFile(file, 'utf8')) as ReturnType<typeof deployed>;
    const message = HTTP.structured(cloudEventOf(event));
    const { status } = await send(message);
    expect(status).toBe(201);
    const [record] = await records();
    expect(JSON.parse(record?.data ?? '')).toEqual(event);
    expect(record?.type).toBe('dev.cdevents.pipelinerun.finished.0.3.0');
    expect(eventMeaning(JSON.parse(record?.data ?? '')).subject.content).toMatchObject({
      uri: 'https://www.example.com/mySubject123',
    });
  });

  it('a CloudEvent whose source is not the CDEvent’s is refused, saying both', async () => {
    const { status, answer } = await send(
      HTTP.binary(cloudEventOf(deployed('2026-03-01T10:00:00Z'), { source: '/other' })),
    );
    expect(status).toBe(422);
    expect(answer.problems?.[0]).toMatchObject({ path: 'ce-source', code: 'CLOUDEVENT_INVALID' });
    expect(answer.problems?.[0]?.message).toMatch(/"\/ci\/deploy".*"\/other"/);
  });
});
