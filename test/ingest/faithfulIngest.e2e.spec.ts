// Issue 14 over a real nats-server: what ingest cannot keep faithfully is refused into the rejected
// log with its reason (never recorded, never answered "duplicate"), and ingest keeps consuming.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmitter } from '@shiplog/sdk';
import { changeEvents, createIngestWorld } from './ingestHarness.ts';
import type { IngestWorld } from './ingestHarness.ts';

let world: IngestWorld;
// What `shiplog serve ingest` logged (pino JSON lines): what an operator would see.
let logLines: Record<string, unknown>[] = [];
beforeAll(async () => {
  world = await createIngestWorld();
  const ingest = await world.spawnIngest();
  let partial = '';
  ingest.stderr?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines)
      if (line.startsWith('{')) logLines.push(JSON.parse(line) as Record<string, unknown>);
  });
});
afterAll(async () => world?.dispose());

const encoder = new TextEncoder();
const [template] = changeEvents(1, 'faithful') as [{ context: Record<string, unknown>; subject: object }];
const eventText = (id: string, customNumber?: string): string => {
  const text = JSON.stringify({ ...template, context: { ...template.context, id } });
  return customNumber === undefined ? text : `${text.slice(0, -1)},"customData":{"n":${customNumber}}}`;
};

async function rejectedWith(fragment: string, timeoutMs = 20_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reasons = (await world.bus.readRejected({ limit: 1_000 })).map((entry) => entry.reason);
    const matching = reasons.filter((reason) => reason.includes(fragment));
    if (matching.length > 0 || Date.now() > deadline) return matching;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const subject = (): string => `${world.bus.eventPrefix}.faithful.tested`;

describe('ingest refuses what it cannot keep faithfully (real nats-server)', () => {
  it('a 5,000-byte Nats-Msg-Id goes to the rejected log once, and ingest keeps answering', async () => {
    const hugeId = 'x'.repeat(5_000);
    logLines = [];
    await world.bus.publishEvent(subject(), encoder.encode(eventText('huge-id')), { msgId: hugeId });
    const reasons = await rejectedWith('Nats-Msg-Id');
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toContain('FIELD_ID_TOO_LONG');
    // Acknowledged, not stuck: past ingest's ack wait (3 s) it was handled once, its connection
    // stayed up (no failed acknowledgement), and events sent after it are answered at once.
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const refusals = logLines.filter(
      (l) => l['msg'] === 'event refused' && String(l['reason']).includes('Nats-Msg-Id'),
    );
    expect(refusals).toHaveLength(1);
    expect(logLines.filter((l) => String(l['msg']).includes('failed'))).toEqual([]);
    const emitter = await createEmitter({ bus: world.bus, answerTimeoutMs: 10_000 });
    expect((await emitter.emit({ text: eventText('after-huge-id') })).status).toBe('recorded');
    expect((await world.records()).map((r) => r.id)).not.toContain('huge-id');
  });

  it('an event id over 512 bytes is refused at /context/id', async () => {
    const id = 'y'.repeat(513);
    await world.bus.publishEvent(subject(), encoder.encode(eventText(id)), { msgId: 'long-context-id' });
    const reasons = await rejectedWith('FIELD_ID_TOO_LONG /context/id');
    expect(reasons).toHaveLength(1);
  });

  it('a lone surrogate (\\ud800) in the event id is refused with its path', async () => {
    // The JSON escape of a lone surrogate, as a producer's text would carry it.
    const text = eventText('lone-SURROGATE').replace('SURROGATE', '\\ud800');
    await world.bus.publishEvent(subject(), encoder.encode(text), { msgId: 'lone-surrogate' });
    const reasons = await rejectedWith('FIELD_TEXT_ILL_FORMED');
    expect(reasons[0]).toContain('/context/id');
    expect((await world.records()).some((r) => r.id.startsWith('lone-'))).toBe(false);
  });

  it('an event wrapped in a JSON array is refused, and the event itself is then recorded', async () => {
    const text = eventText('wrapped');
    await world.bus.publishEvent(subject(), encoder.encode(`[${text}]`), { msgId: 'wrapped-array' });
    expect(await rejectedWith('DOCUMENT_NOT_AN_OBJECT')).toHaveLength(1);
    const emitter = await createEmitter({ bus: world.bus, answerTimeoutMs: 10_000 });
    expect((await emitter.emit({ text })).status).toBe('recorded');
  });

  it('numbers beyond double range or precision are refused, never answered "duplicate"', async () => {
    const emitter = await createEmitter({ bus: world.bus, answerTimeoutMs: 10_000 });
    for (const [id, n] of [
      ['big', '1e999'],
      ['big', '2e999'],
      ['int', '9007199254740993'],
    ] as const) {
      const answer = await emitter.emit({ text: eventText(`number-${id}`, n) });
      expect(answer).toMatchObject({
        status: 'refused',
        problems: [{ code: 'FIELD_NUMBER_INEXACT', path: '/customData/n' }],
      });
    }
    // 2^53 itself is exact: recorded.
    expect((await emitter.emit({ text: eventText('number-exact', '9007199254740992') })).status).toBe(
      'recorded',
    );
  });
});
