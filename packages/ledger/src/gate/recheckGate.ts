import { instantMs } from '@shiplog/events';
import type { GateDecidedEvent } from '@shiplog/events';
import { recordHash } from '@shiplog/store';
import type { EventStore, RecordedEvent } from '@shiplog/store';
import { refIdentity } from '../artifactIdentity.ts';
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
  const content = decided.subject.content;
  const evidence: GateEvidence[] = [];
  const evidenceMismatches: string[] = [];
  // What it ignored is read too: the same untrusted events must again be refused the same way.
  for (const named of [...content.evidence, ...(content.ignored ?? [])]) {
    const record = await store.readEvent(named.eventId);
    const read = record === undefined ? undefined : gateEvidenceOf(record);
    if (read === undefined || !intact(record as RecordedEvent) || `sha256:${read.hash}` !== named.hash)
      evidenceMismatches.push(named.eventId);
    if (read !== undefined) evidence.push(read);
  }
  const decision = evaluateGate(policy, {
    artifact: refIdentity(content.artifact),
    environment: content.environment.id,
    stage: content.stage,
    ...(content.service === undefined ? {} : { service: content.service.id }),
    evidence,
    // Exceptions are judged at the time of the decision, not now: one since expired still counted then.
    now: new Date(instantMs(decided.context.timestamp) ?? Number.NaN),
  });
  const policyMatches = policyDigest(policy) === content.policy.digest;
  const sameDecision =
    decision.decision === content.decision &&
    JSON.stringify(decision.reasons.map((r) => r.code)) ===
      JSON.stringify(content.reasons.map((r) => r.code)) &&
    JSON.stringify(decision.ignored.map((i) => i.eventId)) ===
      JSON.stringify((content.ignored ?? []).map((i) => i.eventId)) &&
    JSON.stringify(decision.exceptions.map((e) => e.eventId)) ===
      JSON.stringify((content.exceptions ?? []).map((e) => e.eventId));
  return {
    confirmed: policyMatches && evidenceMismatches.length === 0 && sameDecision,
    decision,
    policyMatches,
    evidenceMismatches,
  };
}
