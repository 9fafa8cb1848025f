import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HTTP } from 'cloudevents';
import type { Message } from 'cloudevents';
import { eventMeaning } from '@shiplog/events';
import { createSqliteEventStore } from '@shiplog/store';
import type { RecordedEvent } from '@shiplog/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployedEvent, sdkCloudEvent } from '../support/cloudEventsSdk.ts';
import type { SdkCDEvent } from '../support/cloudEventsSdk.ts';
import { startApiProcess } from './apiProcess.ts';
import type { ApiProcess } from './apiProcess.ts';

// The official CloudEvents JS SDK (npm `cloudevents`) as a producer: its HTTP binding builds each
// request, and `shiplog serve api` (a real process) answers it over HTTP.

const token = randomBytes(24).toString('base64url');
let dir: string;
let api: ApiProcess | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shiplog-cloudevents-'));
  const sha256 = createHash('sha256').update(token).digest('hex');
  api = await startApiProcess({
    cwd: dir,
    env: { SHIPLOG_STORE: `sqlite:${join(dir, 'ledger.db')}`, SHIPLOG_API_TOKENS: `sdk:emitter:${sha256}` },
  });
});
afterAll(async () => {
  await api?.stop();
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
  const response = await fetch(`${api?.url}/v1/events`, {
    method: 'POST',
    headers,
    body: message.body as string,
  });
  return { status: response.status, answer: (await response.json()) as Answer };
}

// The records of one fact (not the violations the ledger records beside it).
async function recordsOf(id: string): Promise<RecordedEvent[]> {
  const store = await createSqliteEventStore(join(dir, 'ledger.db'));
  try {
    const found: RecordedEvent[] = [];
    for await (const r of store.readAll()) if (r.id === id) found.push(r);
    return found;
  } finally {
    await store.close();
  }
}

describe('the CloudEvents JS SDK as a producer, over HTTP', () => {
  it('binary mode: the SDK respells time with toISOString; the same instant is recorded', async () => {
    const event = deployedEvent('2026-03-01T10:00:00.123456Z');
    const message = HTTP.binary(sdkCloudEvent(event));
    expect(message.headers['ce-time']).toBe('2026-03-01T10:00:00.123Z');
    const { status, answer } = await send(message);
    expect({ status, answer: answer.status }).toEqual({ status: 201, answer: 'recorded' });
    expect((await recordsOf(event.context.id)).map((r) => r.data)).toEqual([message.body]);
  });

  it('structured mode: the docs’ `date -u +%Y-%m-%dT%H:%M:%SZ` timestamp gets in', async () => {
    const event = deployedEvent('2026-03-01T10:00:00Z');
    const message = HTTP.structured(sdkCloudEvent(event));
    expect(JSON.parse(message.body as string)).toMatchObject({ time: '2026-03-01T10:00:00.000Z' });
    const { status, answer } = await send(message);
    expect({ status, answer }).toMatchObject({
      status: 201,
      answer: { status: 'recorded', eventId: event.context.id },
    });
    const [record] = await recordsOf(event.context.id);
    expect(JSON.parse(record?.data ?? '')).toEqual(event);
  });

  it('a later time (the send time, as the Go SDK stamps it) is taken; an earlier one is refused', async () => {
    const later = sdkCloudEvent(deployedEvent('2026-03-01T10:00:00Z'), { time: new Date().toISOString() });
    expect((await send(HTTP.binary(later))).status).toBe(201);
    const earlier = sdkCloudEvent(deployedEvent('2026-03-01T10:00:00Z'), { time: '2026-03-01T09:59:59Z' });
    const refused = await send(HTTP.binary(earlier));
    expect(refused.status).toBe(422);
    expect(refused.answer.problems?.[0]).toMatchObject({ path: 'ce-time', code: 'CLOUDEVENT_INVALID' });
    expect(refused.answer.problems?.[0]?.message).toContain('2026-03-01T09:59:59');
  });

  it('CloudEvents 0.3 with a random ce-id (as sdk-java sends): context.id stays the fact’s id and idempotency key', async () => {
    const event = deployedEvent('2026-03-01T10:00:00Z');
    const first = await send(HTTP.binary(sdkCloudEvent(event, { specversion: '0.3', id: randomUUID() })));
    expect(first).toMatchObject({ status: 201, answer: { status: 'recorded', eventId: event.context.id } });
    const again = await send(HTTP.structured(sdkCloudEvent(event, { specversion: '0.3', id: randomUUID() })));
    expect(again).toMatchObject({ status: 200, answer: { status: 'duplicate', eventId: event.context.id } });
    expect(await recordsOf(event.context.id)).toHaveLength(1);
  });

  it('a spec 0.4.1 CDEvent (the official example) is recorded as sent and read as 0.5.1', async () => {
    const file = join(
      import.meta.dirname,
      '../../events/schemas/cdevents-legacy/spec-v0.4.1/conformance/pipelinerun_finished.json',
    );
    const event = JSON.parse(await readFile(file, 'utf8')) as SdkCDEvent;
    const { status } = await send(HTTP.structured(sdkCloudEvent(event)));
    expect(status).toBe(201);
    const [record] = await recordsOf(event.context.id);
    expect(JSON.parse(record?.data ?? '')).toEqual(event);
    expect(record?.type).toBe('dev.cdevents.pipelinerun.finished.0.3.0');
    expect(eventMeaning(JSON.parse(record?.data ?? '')).subject.content).toMatchObject({
      uri: 'https://www.example.com/mySubject123',
    });
  });

  it('a CloudEvent whose source is not the CDEvent’s is refused, saying both', async () => {
    const other = sdkCloudEvent(deployedEvent('2026-03-01T10:00:00Z'), { source: '/other' });
    const { status, answer } = await send(HTTP.binary(other));
    expect(status).toBe(422);
    expect(answer.problems?.[0]).toMatchObject({ path: 'ce-source', code: 'CLOUDEVENT_INVALID' });
    expect(answer.problems?.[0]?.message).toMatch(/"\/ci\/deploy".*"\/other"/);
  });
});
