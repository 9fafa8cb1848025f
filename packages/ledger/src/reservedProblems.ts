import type { CDEvent, Problem } from '@shiplog/events';
import { EventsErrorCode, gateDecidedType, policyViolatedType, rollbackDecidedType } from '@shiplog/events';
import { LEDGER_SOURCE } from './violationEvent.ts';

/** A type without its version: `dev.cdeventsx.shiplog-gate.decided.` for any version of it. */
function unversioned(type: string): string {
  return type.replace(/\d+\.\d+\.\d+$/, '');
}

/** What shiplog itself decides: an emitter may not send these in, in any version. */
const reservedTypes = [
  {
    prefix: unversioned(gateDecidedType),
    instead: 'ask shiplog for a decision (shiplog gate, POST /v1/gate)',
  },
  {
    prefix: unversioned(policyViolatedType),
    instead: 'send the fact itself (e.g. the deployment); the ledger records its violations',
  },
  {
    prefix: unversioned(rollbackDecidedType),
    instead:
      'send the failed post-deploy check or rollout window; the ledger decides the rollback (shiplog rollback-target names its target)',
  },
] as const;

function underLedgerSource(source: string): boolean {
  return source === LEDGER_SOURCE || source.startsWith(`${LEDGER_SOURCE}/`);
}

/**
 * Why an emitter's event is refused because only shiplog records it: a gate decision, a policy
 * violation, or anything from shiplog's own source. Empty when an emitter may send it.
 */
export function reservedProblems(event: CDEvent): Problem[] {
  const { type, source } = event.context;
  const problems: Problem[] = [];
  const reserved = reservedTypes.find((r) => type.startsWith(r.prefix));
  if (reserved !== undefined) {
    problems.push({
      path: '/context/type',
      code: EventsErrorCode.EventTypeReserved,
      message: `type ${type} is recorded only by shiplog itself, not by an emitter: ${reserved.instead}`,
    });
  }
  if (underLedgerSource(source)) {
    problems.push({
      path: '/context/source',
      code: EventsErrorCode.SourceReserved,
      message: `source ${source} is shiplog's own (${LEDGER_SOURCE}), not an emitter's: send your events under your own source, e.g. /ci/your-pipeline`,
    });
  }
  return problems;
}
