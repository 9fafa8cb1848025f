import { join } from 'node:path';
import { createEmitter } from '@shiplog/sdk';
import { createSqliteEventStore } from '@shiplog/store';
import type { EventStore } from '@shiplog/store';
import { scenario } from './auditScenario.ts';

/**
 * Records the scenario through the real recorder (validate, judge, append) into `ledger` (default `dir/ledger.db`),
 * with the store's clock set to each report's recording time so `recordedAt` tells the story.
 */
export async function recordScenario(
  dir: string,
  ledger = join(dir, 'ledger.db'),
): Promise<{ store: EventStore; ledger: string; events: number }> {
  let now = new Date(0);
  const store = await createSqliteEventStore(ledger, { clock: () => now });
  const emitter = await createEmitter({ store });
  let events = 0;
  for (const report of scenario()) {
    now = new Date(report.recordedAt);
    const answer = await emitter.emit(report.event);
    if (answer.status !== 'recorded')
      throw new Error(`${report.event.context.id}: ${JSON.stringify(answer)}`);
    events += 1 + answer.violations.length;
  }
  await emitter.close();
  return { store, ledger, events };
}
