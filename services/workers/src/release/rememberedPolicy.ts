import { parseGatePolicy, storedCustomData } from '@shiplog/ledger';
import type { GatePolicy } from '@shiplog/ledger';
import type { EventStore } from '@shiplog/store';
import { readOwnEvent } from '../readOwnEvent.ts';
import { runStartedId } from './releaseId.ts';
import { runCount } from './releaseStatus.ts';

/**
 * The gate policy the release's latest run was given (recorded with its start), so `resume`
 * decides by the policy `run` was given; undefined when no run recorded one.
 */
export async function rememberedPolicy(store: EventStore, id: string): Promise<GatePolicy | undefined> {
  for (let run = await runCount(store, id); run > 0; run--) {
    const record = await readOwnEvent(store, runStartedId(id, run));
    if (record === undefined) continue;
    const policy = (storedCustomData(record) as { policy?: unknown } | undefined)?.policy;
    if (policy === undefined) continue;
    try {
      return parseGatePolicy(policy);
    } catch {
      continue;
    }
  }
  return undefined;
}
