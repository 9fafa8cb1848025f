import { randomBytes } from 'node:crypto';
import { createEmitter } from '@shiplog/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeEvents, createIngestWorld } from './ingestHarness.ts';
import type { IngestWorld } from './ingestHarness.ts';

let world: IngestWorld;
beforeAll(async () => {
  world = await createIngestWorld();
  await world.startInProcess();
});
afterAll(async () => world?.dispose());

const valid = changeEvents(1, 'template')[0] as {
  context: Record<string, unknown>;
  subject: Record<string, unknown>;
};
const encoder = new TextEncoder();
const json = (value: unknown): Uint8Array => encoder.encode(JSON.stringify(value));

/** Ten kinds of hostile message, cycled: each must be refused with a reason. */
const hostile: ((i: number) => Uint8Array)[] = [
  () => randomBytes(64),
  (i) => json({ ...valid, context: { ...valid.context, id: `h-${i}` } }).slice(0, 40),
  (i) => json({ ...valid, context: { ...valid.context, id: i, timestamp: 'yesterday' } }),
  (i) =>
    i % 1_000 === 3 ? encoder.encode(`{"pad":"${'x'.repeat(300 * 1024)}"}`) : json({ context: null, i }),
  () => encoder.encode(`${'['.repeat(10_000)}${']'.repeat(10_000)}`),
  (i) =>
    encoder.encode(
      `{"__proto__":{"polluted":true},"context":{"id":"p-${i}"},"constructor":{"prototype":{"x":1}}}`,
    ),
  (i) => json({ hello: 'world', i }),
  (i) =>
    json({
      ...valid,
      context: { ...valid.context, id: `u-${i}`, type: 'dev.cdevents.service.deployed.9.9.9' },
    }),
  (i) =>
    json({
      ...valid,
      context: { ...valid.context, id: `t-${i}`, type: 'dev.cdevents.nothing.happened.0.1.0' },
    }),
  () => new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
];

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('hostile input through NATS', () => {
  it('refuses 10,000 hostile messages into the rejected log, records nothing, and keeps serving', async () => {
    const subject = `${world.bus.eventPrefix}.hostile.input`;
    for (let i = 0; i < 10_000; i += 1) {
      const make = hostile[i % hostile.length] as (i: number) => Uint8Array;
      await world.bus.publishEvent(subject, make(i), { msgId: `hostile-${i}` });
    }
    await waitFor(async () => (await world.bus.readRejected({ limit: 10_000 })).length >= 10_000, 120_000);
    const rejected = await world.bus.readRejected({ limit: 10_000 });
    expect(rejected).toHaveLength(10_000);
    expect(rejected.every((entry) => entry.reason.length > 0)).toBe(true);
    expect(rejected.some((entry) => entry.reason.includes('DOCUMENT_TOO_LARGE'))).toBe(true);
    expect(rejected.some((entry) => entry.reason.includes('EVENT_VERSION_UNKNOWN'))).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(await world.records()).toHaveLength(0);

    const emitter = await createEmitter({ bus: world.bus });
    const answer = await emitter.emit({ text: JSON.stringify(valid) });
    expect(answer.status).toBe('recorded');
  });
});
