import type { EvidenceProof, LedgerFact } from '../ledgerFact.ts';
import { ProducerIdentity, producerMatches } from '../producerIdentity.ts';

/** The kinds of evidence a gate counts; a gate policy says which producers may report each. */
export const evidenceKinds = [
  'build',
  'workerBuild',
  'sbom',
  'signature',
  'attestation',
  'verification',
  'approval',
  'deployment',
  'deploymentVerification',
  'exception',
] as const;
export type EvidenceKind = (typeof evidenceKinds)[number];

/** Who may report each kind of evidence: identities or identity patterns (see `producerPattern`). */
export type EvidenceProducers = Readonly<Record<EvidenceKind, readonly string[]>>;

/** A build whose source is under this path claims to be one shiplog's build worker ran. */
export const WORKER_SOURCE_PREFIX = '/shiplog/workers/';

const workersOnly = [ProducerIdentity.Workers];
const anyone = ['*'];

/**
 * By default only shiplog's workers report SBOMs, signatures, attestations and the builds they
 * ran; anyone (CI runners, CD tools) reports its own builds, verifications, approvals and
 * deployments. No one grants exceptions until a policy names who may: an exception lifts a
 * failing check, so it is never a default power.
 */
export const defaultEvidenceProducers: EvidenceProducers = Object.freeze({
  build: anyone,
  workerBuild: workersOnly,
  sbom: workersOnly,
  signature: workersOnly,
  attestation: workersOnly,
  verification: anyone,
  approval: anyone,
  deployment: anyone,
  deploymentVerification: anyone,
  exception: [],
});

/** What one fact would count as in a gate, before asking who sent it (`source`: its `context.source`). */
export function evidenceClaims(source: string, fact: LedgerFact): EvidenceKind[] {
  switch (fact.kind) {
    case 'build': {
      const ran = source.startsWith(WORKER_SOURCE_PREFIX) ? 'workerBuild' : 'build';
      return fact.sbomUri === undefined ? [ran] : [ran, 'sbom'];
    }
    case 'verification':
      return ['verification'];
    case 'approval':
      return ['approval'];
    case 'deploy':
      return ['deployment'];
    case 'postDeployVerification':
      return ['deploymentVerification'];
    case 'exception':
      return ['exception'];
    case 'evidence':
      return proofClaims[fact.proof];
    case 'change':
    case 'release':
    case 'removed':
    case 'completion':
    case 'rolloutStep':
    case 'rollbackDecision':
    case 'gate':
    case 'incident':
    case 'violation':
    case 'snapshot':
    case 'other':
      return [];
  }
}

const proofClaims: Readonly<Record<EvidenceProof, EvidenceKind[]>> = {
  sbom: ['sbom'],
  signature: ['signature'],
  attestation: ['attestation'],
  download: [],
  deletion: [],
};

/** Whether `producer` may report evidence of `kind` under these rules. */
export function mayReport(producers: EvidenceProducers, kind: EvidenceKind, producer: string): boolean {
  return producers[kind].some((pattern) => producerMatches(pattern, producer));
}

/** What a gate admits of one event: the kinds its producer may report, and the ones it may not. */
export interface AdmittedClaims {
  readonly admitted: readonly EvidenceKind[];
  readonly refused: readonly EvidenceKind[];
}

/**
 * The one rule of trust: an event counts only as the kinds of evidence its recorded producer may
 * report. The rest of what it claims is refused (the event stays recorded; the gate says so).
 */
export function admitClaims(
  producers: EvidenceProducers,
  claims: readonly EvidenceKind[],
  producer: string,
): AdmittedClaims {
  return {
    admitted: claims.filter((kind) => mayReport(producers, kind, producer)),
    refused: claims.filter((kind) => !mayReport(producers, kind, producer)),
  };
}
