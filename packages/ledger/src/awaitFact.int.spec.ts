import type { CDEvent } from '@shiplog/events';
import { describe, expect, it } from 'vitest';
import { awaitFact } from './awaitFact.ts';
import type { AwaitFactOptions } from './awaitFact.ts';
import { LedgerErrorCode } from './errors.ts';
import { pipelineFixture } from './testing/pipelineFixture.ts';
import { useRecorderLedger } from './testing/recorderLedger.ts';

const ledger = useRecorderLedger();
const p = pipelineFixture();
const at = '2026-02-01T09:00:00Z';

/** Appends the event as it is (no recorder judgement); returns its global position. */
async function append(event: CDEvent): Promise<number> {
  const result = await ledger
    .store()
    .appendToStream(`test-${event.context.id}`, [
      { id: event.context.id, type: event.context.type, data: JSON.stringify(event) },
    ]);
  return result.position;
}

const waitFor = (id: string, options: Partial<AwaitFactOptions> & { afterPosition: number }) =>
  awaitFact(
    ledger.store(),
    { deadline: Date.now() + 10_000, awaiting: `the fact ${id}`, ...options },
    ({ record }) => (record.id === id ? record.position : undefined),
  );

describe('awaitFact', () => {
  it('sees a fact appended after the mark but before the subscription starts', async () => {
    const mark = await append(p.changeCreated(at));
    const target = p.packaged(at);
    const position = await append(target); // recorded before the wait subscribes
    expect(await waitFor(target.context.id, { afterPosition: mark })).toBe(position);
  });

  it('sees a fact appended concurrently with the subscription start, every time', async () => {
    for (let round = 0; round < 20; round++) {
      const mark = await append(p.changeCreated(at));
      const target = p.packaged(at);
      const [seen, position] = await Promise.all([
        waitFor(target.context.id, { afterPosition: mark }),
        append(target),
      ]);
      expect(seen).toBe(position);
    }
  });

  it('passes over facts the check does not match, and those at or before the mark', async () => {
    const before = p.packaged(at);
    const mark = await append(before);
    const seen: string[] = [];
    const target = p.published(at);
    const waiting = awaitFact(
      ledger.store(),
      { afterPosition: mark, deadline: Date.now() + 10_000, awaiting: 'a release' },
      ({ record, fact }) => {
        seen.push(record.id);
        return fact.kind === 'release' ? record.id : undefined;
      },
    );
    const others = [p.changeCreated(at), p.packaged(at), p.verified(at)];
    for (const event of others) await append(event);
    await append(target);
    expect(await waiting).toBe(target.context.id);
    expect(seen).toEqual([...others, target].map((e) => e.context.id));
    expect(seen).not.toContain(before.context.id);
  });

  it('ends with WAIT_ABORTED, naming the reason, when the signal aborts', async () => {
    const mark = await append(p.changeCreated(at));
    const controller = new AbortController();
    const waiting = waitFor('never-recorded', { afterPosition: mark, signal: controller.signal });
    await append(p.packaged(at));
    setTimeout(() => controller.abort('SIGTERM'), 50);
    await expect(waiting).rejects.toMatchObject({
      code: LedgerErrorCode.WaitAborted,
      message: 'stopped (SIGTERM) while waiting for the fact never-recorded',
    });
  });

  it('ends at once with WAIT_ABORTED when the signal is already aborted', async () => {
    const signal = AbortSignal.abort('Ctrl-C');
    await expect(waitFor(p.packaged(at).context.id, { afterPosition: 0, signal })).rejects.toMatchObject({
      code: LedgerErrorCode.WaitAborted,
    });
  });

  it('ends with WAIT_DEADLINE when the fact is not recorded in time', async () => {
    const mark = await append(p.changeCreated(at));
    const started = Date.now();
    await expect(
      waitFor('never-recorded', { afterPosition: mark, deadline: Date.now() + 200 }),
    ).rejects.toMatchObject({
      code: LedgerErrorCode.WaitDeadline,
      message: 'the fact never-recorded: not recorded by the deadline',
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
