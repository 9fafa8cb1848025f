import type { RecordAnswer } from '@shiplog/sdk';
import { createEmitter } from '@shiplog/sdk';
import { verifyChain } from '@shiplog/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pool } from '../support/pool.ts';
import { changeEvents, createIngestWorld } from './ingestHarness.ts';
import type { IngestWorld } from './ingestHarness.ts';

let world: IngestWorld;
beforeAll(async () => {
  world = await createIngestWorld();
  await world.startInProcess();
});
afterAll(async () => world?.dispose());

describe('ingest over a real nats-server', () => {
  it('records 10,000 events exactly once while every fifth is re-sent up to 5 times', async () => {
    const emitter = await createEmitter({ bus: world.bus, answerTimeoutMs: 10_000 });
    const events = changeEvents(10_000, 'once');
    const duplicateAnswers: RecordAnswer[] = [];
    const firstAnswers = await pool(events, 64, async (event, i) => {
      const text = JSON.stringify(event);
      const answer = await emitter.emit({ text });
      if (i % 5 === 0) {
        const resends = 1 + ((i / 5) % 5);
        for (let r = 0; r < resends; r += 1) duplicateAnswers.push(await emitter.emit({ text }));
      }
      return answer;
    });
    expect(firstAnswers.filter((a) => a.status === 'recorded')).toHaveLength(10_000);
    expect(duplicateAnswers.length).toBe(6_000);
    expect(duplicateAnswers.every((a) => a.status === 'duplicate')).toBe(true);

    const records = await world.records();
    expect(records).toHaveLength(10_000);
    expect(new Set(records.map((r) => r.id)).size).toBe(10_000);
    const store = await world.openStore();
    try {
      expect((await verifyChain(store)).ok).toBe(true);
    } finally {
      await store.close();
    }
  });
});
