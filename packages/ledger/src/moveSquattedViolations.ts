import type { CDEvent } from '@shiplog/events';
import type { EventStore, NewEvent } from '@shiplog/store';
import { eventKey } from '@shiplog/store';
import { factOf } from './ledgerFact.ts';
import { LEDGER_SOURCE, violationEvent } from './violationEvent.ts';
import type { Violation } from './violations.ts';

/** One fact about to be appended: its event, then its violations' events, in `violations` order. */
export interface FactToAppend {
  readonly event: CDEvent;
  readonly events: NewEvent[];
  readonly violations: readonly Violation[];
}

/**
 * A violation's id derives from its fact, so only the ledger records it; but an event recorded
 * under that (source, id) before emitters were kept off the ledger's source would make the atomic
 * append of fact and violation fail for ever. Such a violation takes the next derived id.
 */
export async function moveSquattedViolations(
  store: EventStore,
  facts: readonly FactToAppend[],
): Promise<void> {
  for (let attempt = 1; attempt <= 8; attempt++) {
    const violations = facts.flatMap((f) => f.events.slice(1));
    if (violations.length === 0) return;
    const held = await store.readEvents(violations.map((v) => ({ source: LEDGER_SOURCE, id: v.id })));
    if (held.size === 0) return;
    for (const f of facts) {
      f.events.forEach((v, i) => {
        if (i === 0 || i > f.violations.length || !held.has(eventKey(LEDGER_SOURCE, v.id))) return;
        const violation = violationEvent(f.event, factOf(f.event), f.violations[i - 1] as Violation, attempt);
        f.events[i] = { ...v, id: violation.context.id, data: JSON.stringify(violation) };
      });
    }
  }
}
