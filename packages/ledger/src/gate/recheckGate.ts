import { instantMs } from '@shiplog/events';
import type { GateDecidedEvent } from '@shiplog/events';
import { recordHash } from '@shiplog/store';
import type { EventStore, RecordedEvent } from '@shiplog/store';
import { factOf } from '../ledgerFact.ts';
import { evaluateGate } from './evaluateGate.ts';
import { gateEvidenceOf } from './gatherGateEvidence.ts';
import { policyDigest } from './gatePolicy.ts';
import type { GatePolicy } from './gatePolicy.ts';
import type { GateDecision, GateEvidence } from './gateTypes.ts';

/** What re-checking a recorded decision found. */
export interface GateRecheck {
  /** True when the policy, the evidence hashes and the decision all match the record. */
  readonly confirmed: boolean;
  /** The decision re-computed from the recorded evidence under `policy`. */
  readonly decision: GateDecision;
  readonly policyMatches: boolean;
  /**
   * Evidence ids that are gone from the store, whose content no longer matches its record hash,
   * or whose record hash is not the one the decision recorded.
   */
  readonly evidenceMismatches: readonly string[];
}

// The stored hash alone proves nothing if the content beside it was altered: recompute it.
function intact(record: RecordedEvent): boolean {
  return recordHash(record.prevHash, record.streamPrevHash, record) === record.hash;
}

/**
 * Re-checks a recorded `gate.decided`: reads exactly the evidence it names (by id; used and ignored), compares each
 * record hash with the one recorded, and decides again under `policy`. Evidence recorded since does
 * not enter: the question is whether this decision followed from what it rested on.
 */
export async function recheckGate(
  store: EventStore,
  decided: GateDecidedEvent,
  policy: GatePolicy,
): Promise<GateRecheck> {
  const fact = factOf(decided);
  // Cannot happen for a GateDecidedEvent (the interpreter reads every one as a gate fact).
  if (fact.kind !== 'gate') throw new TypeError(`not a gate decision: ${decided.context.type}`);
  const evidence: GateEvidence[] = [];
  const evidenceMismatches: string[] = [];
  // What it ignored is read too: the same untrusted events must again be refused the same way.
  for (const named of [...fact.evidence, ...fact.ignored]) {
    const record = await store.readEvent(named.eventId);
    const read = record === undefined ? undefined : gateEvidenceOf(record);
    if (read === undefined || !intact(record as RecordedEvent) || `sha256:${read.hash}` !== named.hash)
      evidenceMismatches.push(named.eventId);
    if (read !== undefined) evidence.push(read);
  }
  const decision = evaluateGate(policy, {
    artifact: fact.artifact,
    environment: fact.environment,
    stage: fact.stage,
    ...(fact.service === undefined ? {} : { service: fact.service }),
    evidence,
    // Exceptions are judged at the time of the decision, not now: one since expired still counted then.
    now: new Date(instantMs(decided.context.timestamp) ?? Number.NaN),
  });
  const policyMatches = policyDigest(policy) === fact.policy.digest;
  const sameDecision =
    decision.decision === fact.decision &&
    JSON.stringify(decision.reasons.map((r) => r.code)) === JSON.stringify(fact.reasons) &&
    JSON.stringify(decision.ignored.map((i) => i.eventId)) ===
      JSON.stringify(fact.ignored.map((i) => i.eventId)) &&
    JSON.stringify(decision.exceptions.map((e) => e.eventId)) ===
      JSON.stringify(fact.exceptions.map((e) => e.eventId));
  return {
    confirmed: policyMatches && evidenceMismatches.length === 0 && sameDecision,
    decision,
    policyMatches,
    evidenceMismatches,
  };
}
