import { join } from 'node:path';
import { gateDecidedType } from '@shiplog/events';
import { ProducerIdentity, createRecorder } from '@shiplog/ledger';
import { createEmitter } from '@shiplog/sdk';
import { createSqliteEventStore } from '@shiplog/store';
import type { EventStore } from '@shiplog/store';
import { scenario } from './auditScenario.ts';

/**
 * Records the scenario through the real recorder (validate, judge, append) into `ledger` (default `dir/ledger.db`),
 * with the store's clock set to each report's recording time so `recordedAt` tells the story. The
 * CI's events go in as an emitter's; gate decisions as `shiplog gate` records them (no emitter may).
 */
export async function recordScenario(
  dir: string,
  ledger = join(dir, 'ledger.db'),
): Promise<{ store: EventStore; ledger: string; events: number }> {
  let now = new Date(0);
  const store = await createSqliteEventStore(ledger, { clock: () => now });
  const emitter = await createEmitter({ store });
  const gate = createRecorder({ store, producer: ProducerIdentity.Local });
  let events = 0;
  for (const report of scenario()) {
    now = new Date(report.recordedAt);
    const answer =
      report.event.context.type === gateDecidedType
        ? await gate.record({ value: report.event })
        : await emitter.emit(report.event);
    if (answer.status !== 'recorded')
      throw new Error(`${report.event.context.id}: ${JSON.stringify(answer)}`);
    events += 1 + answer.violations.length;
  }
  await emitter.close();
  return { store, ledger, events };
}
