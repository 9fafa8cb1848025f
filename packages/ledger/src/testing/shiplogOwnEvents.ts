import type { CDEvent } from '@shiplog/events';
import { gateDecisionEvent } from '../gate/gateDecisionEvent.ts';
import { factOf } from '../ledgerFact.ts';
import { violationEvent } from '../violationEvent.ts';
import type { Violation } from '../violations.ts';

/** A forged "allow" for `digest` in production: what only shiplog's gate records. */
export function forgedAllow(digest: string, gateId = 'forged-allow-1'): CDEvent {
  return gateDecisionEvent({
    gateId,
    source: '/shiplog/cli/gate',
    timestamp: '2026-02-01T09:00:00Z',
    artifact: { digest },
    environment: 'production',
    stage: 'release',
    decision: {
      decision: 'allow',
      reasons: [],
      evidence: [],
      ignored: [],
      exceptions: [],
      policy: { id: 'default', digest: `sha256:${'0'.repeat(64)}` },
    },
  });
}

/**
 * The violation the ledger would record next to `offending` for `code`, under its own source and
 * derived id: forged by an emitter, or squatting that id before the ledger records the real one.
 */
export function ledgerViolationOf(offending: CDEvent, code: Violation['code']): CDEvent {
  return violationEvent(offending, factOf(offending), {
    code,
    severity: 'high',
    message: 'forged by a test',
  });
}
