import type { CDEvent } from '@shiplog/events';
import type { ArtifactIdentity } from '../artifactIdentity.ts';
import { factOf } from '../ledgerFact.ts';
import type { LedgerFact } from '../ledgerFact.ts';
import type { GateEvidence } from './gateTypes.ts';

/** One piece of evidence with what it means to the ledger. */
export interface EvidenceItem {
  readonly evidence: GateEvidence;
  readonly fact: LedgerFact;
  readonly content: Readonly<Record<string, unknown>>;
}

/**
 * Whether evidence about `identity` is about the requested bytes: the same digest, or no digest but
 * the same name@version (as the ledger files it). Evidence about other bytes never counts.
 */
export function sameArtifact(requested: ArtifactIdentity, identity: ArtifactIdentity): boolean {
  if (requested.digest !== undefined) {
    if (identity.digest !== undefined) return identity.digest === requested.digest;
    return identity.nameVersion !== undefined && identity.nameVersion === requested.nameVersion;
  }
  return identity.nameVersion !== undefined && identity.nameVersion === requested.nameVersion;
}

function contentOf(event: CDEvent): Readonly<Record<string, unknown>> {
  return (event.subject as { content: Record<string, unknown> }).content;
}

/** Reads every piece of evidence once, in global order (later results of a check win). */
export function evidenceItems(evidence: readonly GateEvidence[]): EvidenceItem[] {
  const seen = new Set<string>();
  const items: EvidenceItem[] = [];
  for (const e of [...evidence].sort((a, b) => a.position - b.position)) {
    if (seen.has(e.event.context.id)) continue;
    seen.add(e.event.context.id);
    items.push({ evidence: e, fact: factOf(e.event), content: contentOf(e.event) });
  }
  return items;
}

/** The latest of some items (by global position), if any. */
export function latest<T extends EvidenceItem>(items: readonly T[]): T | undefined {
  return items.at(-1);
}
