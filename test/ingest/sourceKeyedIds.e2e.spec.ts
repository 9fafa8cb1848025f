import { createEmitter, eventMessageId } from '@shiplog/sdk';
import { verifyChain } from '@shiplog/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIngestWorld } from './ingestHarness.ts';
import type { IngestWorld } from './ingestHarness.ts';

let world: IngestWorld;
beforeAll(async () => {
  world = await createIngestWorld();
  await world.startInProcess();
});
afterAll(async () => world?.dispose());

const changeCreated = (id: string, source: string, pr: string) => ({
  context: {
    specversion: '0.5.1',
    id,
    source,
    type: 'dev.cdevents.change.created.0.4.0',
    timestamp: '2026-01-01T00:00:00Z',
  },
  subject: { id: pr, content: { repository: { id: 'acme/shop' } } },
});

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let waited = 0; ; waited += 50) {
    const value = await read();
    if (done(value) || waited > 10_000) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('one event id from two producers, over a real nats-server', () => {
  it('a corrected event re-sent under the (source, id) of one the ledger refused is judged afresh, inside the duplicate window', async () => {
    const emitter = await createEmitter({ bus: world.bus, answerTimeoutMs: 10_000 });
    try {
      // Well-formed to the SDK, refused by the ledger: a number no double holds.
      const event = changeCreated('fix-7', '/ci/a', 'PR-7');
      const refused = await emitter.emit({
        text: JSON.stringify({ ...event, customData: { n: 0 } }).replace('"n":0', '"n":1e999'),
      });
      expect(refused.status === 'refused' && refused.problems[0]?.code).toBe('FIELD_NUMBER_INEXACT');
      // The producer fixes it and sends the same (source, id) again at once: JetStream must not
      // take it for a retry of the refused bytes (and answer with that refusal).
      const fixed = await emitter.emit({ text: JSON.stringify(event) });
      expect(fixed).toMatchObject({ status: 'recorded', eventId: 'fix-7' });
      expect((await world.records()).filter((r) => r.id === 'fix-7')).toHaveLength(1);
    } finally {
      await emitter.close();
    }
  });

  it('the SDK sends each (source, id) under its own Nats-Msg-Id: both facts recorded inside the duplicate window', async () => {
    const emitter = await createEmitter({ bus: world.bus, answerTimeoutMs: 10_000 });
    try {
      const a = await emitter.emit({ text: JSON.stringify(changeCreated('sdk-42', '/ci/a', 'PR-1')) });
      const b = await emitter.emit({ text: JSON.stringify(changeCreated('sdk-42', '/ci/b', 'PR-2')) });
      expect(a).toMatchObject({ status: 'recorded', eventId: 'sdk-42' });
      expect(b).toMatchObject({ status: 'recorded', eventId: 'sdk-42' });
      // A retry of b is b's duplicate; other content under b's key is refused.
      const again = await emitter.emit({ text: JSON.stringify(changeCreated('sdk-42', '/ci/b', 'PR-2')) });
      expect(again).toMatchObject({ status: 'duplicate' });
      expect(again.status !== 'refused' && b.status !== 'refused' && again.position === b.position).toBe(
        true,
      );
      const altered = await emitter.emit({ text: JSON.stringify(changeCreated('sdk-42', '/ci/b', 'PR-3')) });
      expect(altered.status === 'refused' && altered.problems[0]?.code).toBe('EVENT_ID_REUSED');
    } finally {
      await emitter.close();
    }
    const facts = (await world.records()).filter((r) => r.id === 'sdk-42');
    expect(facts.map((r) => r.source)).toEqual(['/ci/a', '/ci/b']);
  });

  it('a producer still sending Nats-Msg-Id: <context.id> is recorded by (source, id); JetStream itself drops a second source reusing that header', async () => {
    const subject = `${world.bus.eventPrefix}.change.created`;
    const bytes = (event: object) => new TextEncoder().encode(JSON.stringify(event));
    const first = await world.bus.publishEvent(subject, bytes(changeCreated('raw-42', '/ci/a', 'PR-1')), {
      msgId: 'raw-42',
    });
    expect(first.duplicate).toBe(false);
    // What nats-server does (checked here, not assumed): the same header inside the window is
    // acknowledged as a duplicate and never stored, whatever the body. Ingest cannot see it.
    const clash = changeCreated('raw-42', '/ci/b', 'PR-2');
    const dropped = await world.bus.publishEvent(subject, bytes(clash), { msgId: 'raw-42' });
    expect(dropped.duplicate).toBe(true);
    // The same event under the message id the SDK computes (its bytes' digest) gets through, and is its own fact.
    const keyed = await world.bus.publishEvent(subject, bytes(clash), {
      msgId: eventMessageId(JSON.stringify(clash)),
    });
    expect(keyed.duplicate).toBe(false);
    const facts = await until(
      async () => (await world.records()).filter((r) => r.id === 'raw-42'),
      (found) => found.length >= 2,
    );
    expect(facts.map((r) => [r.source, r.producer])).toEqual([
      ['/ci/a', 'nats'],
      ['/ci/b', 'nats'],
    ]);
    const store = await world.openStore();
    try {
      expect((await verifyChain(store)).ok).toBe(true);
    } finally {
      await store.close();
    }
  });
});
