import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HTTP } from 'cloudevents';
import type { Message } from 'cloudevents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployedEvent, sdkCloudEvent } from '../support/cloudEventsSdk.ts';
import type { SdkCDEvent } from '../support/cloudEventsSdk.ts';
import { createIngestWorld } from './ingestHarness.ts';
import type { IngestWorld } from './ingestHarness.ts';

// The CloudEvents NATS binding carries the same `ce-*` attributes as the HTTP binding (binary mode)
// or the same JSON document (structured mode): the official JS SDK's HTTP binding builds both, and
// they travel over a real nats-server to ingest.

let world: IngestWorld;
const encoder = new TextEncoder();

beforeAll(async () => {
  world = await createIngestWorld();
  await world.startInProcess();
});
afterAll(async () => {
  await world.dispose();
});

async function publish(message: Message, msgId: string): Promise<{ status: string; eventId?: string }> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers))
    if (typeof value === 'string') headers[name] = value;
  const { answer } = await world.bus.requestAnswer(
    `${world.bus.eventPrefix}.service.deployed`,
    encoder.encode(message.body as string),
    { msgId, headers, timeoutMs: 20_000 },
  );
  return JSON.parse(new TextDecoder().decode(answer)) as { status: string; eventId?: string };
}

describe('the CloudEvents JS SDK as a producer, over NATS', () => {
  it('binary mode with a respelt time and a random 0.3 ce-id is recorded under context.id', async () => {
    const event = deployedEvent('2026-03-01T10:00:00Z', 'staging');
    const message = HTTP.binary(sdkCloudEvent(event, { specversion: '0.3', id: randomUUID() }));
    expect(message.headers['ce-time']).toBe('2026-03-01T10:00:00.000Z');
    expect(await publish(message, event.context.id)).toMatchObject({
      status: 'recorded',
      eventId: event.context.id,
    });
    const record = (await world.records()).find((r) => r.id === event.context.id);
    expect(record?.data).toBe(message.body);
  });

  it('structured mode carrying a spec 0.3.0 CDEvent (the official example) is recorded as sent', async () => {
    const file = join(
      import.meta.dirname,
      '../../events/schemas/cdevents-legacy/spec-v0.3.0/examples/service_deployed.json',
    );
    const event = JSON.parse(await readFile(file, 'utf8')) as SdkCDEvent;
    event.context.id = randomUUID();
    const message = HTTP.structured(sdkCloudEvent(event));
    expect(await publish(message, event.context.id)).toMatchObject({
      status: 'recorded',
      eventId: event.context.id,
    });
    const record = (await world.records()).find((r) => r.id === event.context.id);
    expect(JSON.parse(record?.data ?? '')).toEqual(event);
    expect(record?.type).toBe('dev.cdevents.service.deployed.0.3.0');
  });
});
