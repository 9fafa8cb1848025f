import type { RecordAnswer } from '@shiplog/sdk';
import { createEmitter } from '@shiplog/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pool } from '../support/pool.ts';
import { changeEvents, createIngestWorld } from './ingestHarness.ts';
import type { IngestWorld } from './ingestHarness.ts';

let world: IngestWorld;
beforeEach(async () => {
  world = await createIngestWorld();
});
afterEach(async () => world?.dispose());

function exactlyOnce(ids: readonly string[], expected: readonly string[]): void {
  expect(ids).toHaveLength(expected.length);
  expect(new Set(ids)).toEqual(new Set(expected));
}

describe('ingest survives crashes', () => {
  it('kill -9 of ingest mid-run: acknowledged events are recorded once and retries complete the rest', async () => {
    let ingest = await world.spawnIngest();
    const emitter = await createEmitter({
      bus: world.bus,
      answerTimeoutMs: 2_000,
      attempts: 60,
      backoffMs: 100,
    });
    const events = changeEvents(10_000, 'crash');
    const acknowledged: string[] = [];
    let killed = false;
    const answers = await pool(events, 64, async (event) => {
      const answer: RecordAnswer = await emitter.emit({ text: JSON.stringify(event) });
      if (answer.status !== 'refused') acknowledged.push(answer.eventId);
      if (!killed && acknowledged.length >= 2_500) {
        killed = true;
        ingest.kill('SIGKILL');
        await new Promise((resolve) => ingest.once('exit', resolve));
        ingest = await world.spawnIngest();
      }
      return answer;
    });
    expect(killed).toBe(true);
    expect(answers.every((a) => a.status === 'recorded' || a.status === 'duplicate')).toBe(true);
    const ids = (await world.records()).map((r) => r.id);
    exactlyOnce(
      ids,
      events.map((e) => (e as { context: { id: string } }).context.id),
    );
    const recorded = new Set(ids);
    expect(acknowledged.filter((id) => !recorded.has(id))).toEqual([]);
  });

  it('nats-server stopped and restarted with the same store: nothing lost, nothing doubled', async () => {
    await world.startInProcess();
    const emitter = await createEmitter({
      bus: world.bus,
      answerTimeoutMs: 2_000,
      attempts: 60,
      backoffMs: 200,
    });
    const events = changeEvents(10_000, 'restart');
    let answered = 0;
    let restarted: Promise<void> | undefined;
    await pool(events, 64, async (event) => {
      const answer = await emitter.emit({ text: JSON.stringify(event) });
      answered += 1;
      if (answered === 3_000) restarted = world.nats.restart();
      return answer;
    });
    expect(restarted).toBeDefined();
    await restarted;
    const ids = (await world.records()).map((r) => r.id);
    exactlyOnce(
      ids,
      events.map((e) => (e as { context: { id: string } }).context.id),
    );
  });
});
