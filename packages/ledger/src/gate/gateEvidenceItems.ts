import { eventKey } from '@shiplog/store';
import { sameArtifact } from '../artifactIdentity.ts';
import { factOf } from '../ledgerFact.ts';
import type { LedgerFact } from '../ledgerFact.ts';
import { admitClaims, evidenceClaims } from './evidenceTrust.ts';
import type { EvidenceKind, EvidenceProducers } from './evidenceTrust.ts';
import type { GateEvidence } from './gateTypes.ts';

/** One piece of evidence with what it means to the ledger. */
export interface EvidenceItem {
  readonly evidence: GateEvidence;
  readonly fact: LedgerFact;
  /** The kinds of evidence it counts as: what it claims that its producer may report. */
  readonly claims: ReadonlySet<EvidenceKind>;
}

/** An event that claims evidence its producer may not report: recorded, but not counted as that. */
export interface UntrustedItem {
  readonly item: EvidenceItem;
  readonly refused: readonly EvidenceKind[];
}

/** The evidence a gate counts, and what it does not count because of who sent it. */
export interface ReadEvidence {
  readonly items: EvidenceItem[];
  readonly untrusted: UntrustedItem[];
}

/** Whether an item counts as any of these kinds. */
export function counts(item: EvidenceItem, ...kinds: readonly EvidenceKind[]): boolean {
  return kinds.some((kind) => item.claims.has(kind));
}

/** The one artifact rule (`artifactIdentity.ts`), under the name the gate's checks use. */
export { sameArtifact };

/**
 * Reads every piece of evidence once, in global order (later results of a check win), and admits
 * each as the kinds of evidence its producer may report. An event whose every claim is refused is
 * left out of `items`; every refused claim is in `untrusted`.
 */
export function evidenceItems(evidence: readonly GateEvidence[], producers: EvidenceProducers): ReadEvidence {
  // A fact is (source, id): another source's event with the same id is another fact, never a
  // reason to pass over this one (an untrusted event must not shadow a trusted one's result).
  const seen = new Set<string>();
  const items: EvidenceItem[] = [];
  const untrusted: UntrustedItem[] = [];
  for (const e of [...evidence].sort((a, b) => a.position - b.position)) {
    const key = eventKey(e.event.context.source, e.event.context.id);
    if (seen.has(key)) continue;
    seen.add(key);
    const fact = factOf(e.event);
    const claimed = evidenceClaims(e.event.context.source, fact);
    const { admitted, refused } = admitClaims(producers, claimed, e.producer);
    const item = { evidence: e, fact, claims: new Set(admitted) };
    if (refused.length > 0) untrusted.push({ item, refused });
    if (claimed.length === 0 || admitted.length > 0) items.push(item);
  }
  return { items, untrusted };
}

/** The latest of some items (by global position), if any. */
export function latest<T extends EvidenceItem>(items: readonly T[]): T | undefined {
  return items.at(-1);
}
