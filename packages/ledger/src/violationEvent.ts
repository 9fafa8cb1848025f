import { createHash } from 'node:crypto';
import type { CDEvent, PolicyViolatedEvent } from '@shiplog/events';
import { createShiplogEvent, policyViolatedType } from '@shiplog/events';
import { artifactOf } from './ledgerFact.ts';
import type { LedgerFact, Target } from './ledgerFact.ts';
import type { Violation } from './violations.ts';

/** The ledger's own producer URI. */
export const LEDGER_SOURCE = '/shiplog/ledger';

/** A name-based UUID (RFC 9562 v8 layout over sha256) so a retried judgement gets the same id. */
export function derivedEventId(...parts: readonly string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  const variant = ((parseInt(hex.slice(16, 18), 16) & 0x3f) | 0x80).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(18, 20)}-${hex.slice(20, 32)}`;
}

function targetOf(fact: LedgerFact): Target | undefined {
  return 'target' in fact ? fact.target : undefined;
}

/**
 * The `policy.violated` event recorded next to `offending`. Its id and timestamp derive from the
 * offending event, so judging the same fact again yields the same event. A later `attempt` derives
 * another id, for when an earlier event holds the first.
 */
export function violationEvent(
  offending: CDEvent,
  fact: LedgerFact,
  violation: Violation,
  attempt = 0,
): PolicyViolatedEvent {
  // A violation about one of the fact's targets (a snapshot's service) names that target, and its id too.
  const target = violation.target ?? targetOf(fact);
  const artifact = violation.artifact ?? artifactOf(fact);
  const purl = artifact?.nameVersion;
  const about =
    violation.target === undefined ? [] : [`${violation.target.environment}/${violation.target.service}`];
  return createShiplogEvent(policyViolatedType, {
    // The offending fact's key, (source, id): two sources' facts with one id get their own violations.
    id: derivedEventId(
      offending.context.source,
      offending.context.id,
      violation.code,
      ...about,
      ...(attempt === 0 ? [] : [`attempt ${attempt}`]),
    ),
    source: LEDGER_SOURCE,
    timestamp: offending.context.timestamp,
    subjectId: [offending.context.id, violation.code, ...about].join('/'),
    ...(offending.context.chainId === undefined ? {} : { chainId: offending.context.chainId }),
    links: [{ linkType: 'RELATION', linkKind: 'VIOLATES', target: { contextId: offending.context.id } }],
    content: {
      rule: { code: violation.code, message: violation.message },
      severity: violation.severity,
      offendingEventId: offending.context.id,
      ...(target === undefined
        ? {}
        : { environment: { id: target.environment }, service: { id: target.service } }),
      ...(artifact === undefined || (artifact.digest === undefined && purl === undefined)
        ? {}
        : {
            artifact: {
              ...(artifact.digest === undefined ? {} : { digest: artifact.digest }),
              ...(purl === undefined ? {} : { purl }),
            },
          }),
    },
  });
}
