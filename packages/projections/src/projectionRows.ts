import { instantMs } from '@shiplog/events';
import type { ArtifactIdentity, EvidenceProof, LedgerFact } from '@shiplog/ledger';
import { artifactKey, artifactKeys, readFact, supersededId } from '@shiplog/ledger';
import type { RecordedEvent } from '@shiplog/store';
import type { DeployAction } from './answers.ts';

/** Fields every row carries: which event it came from and when that happened and was recorded. */
export interface RowOrigin {
  readonly eventId: string;
  readonly position: number;
  readonly type: string;
  readonly source: string;
  readonly atMs: number;
  readonly recordedMs: number;
}

/** The keys a fact is filed under (the one rule lives in `@shiplog/ledger`'s `artifactIdentity.ts`). */
export { artifactKeys };

/** What one recorded event adds to the read models. Pure: the SQLite writer inserts these. */
export type ProjectionRow =
  | (RowOrigin & {
      readonly kind: 'deployment';
      readonly env: string;
      readonly service: string;
      readonly action: DeployAction;
      readonly artifactId: string | null;
      readonly artifactKey: string | null;
    })
  | (RowOrigin & {
      readonly kind: 'artifactFact';
      readonly keys: readonly string[];
      readonly stage: string;
      readonly detail: Readonly<Record<string, unknown>>;
    })
  | { readonly kind: 'artifactChange'; readonly keys: readonly string[]; readonly changeId: string }
  | { readonly kind: 'artifactName'; readonly nameVersion: string; readonly digest: string }
  | (RowOrigin & { readonly kind: 'change'; readonly changeId: string })
  | (RowOrigin & {
      readonly kind: 'incident';
      readonly incidentId: string;
      readonly phase: 'detected' | 'reported' | 'resolved';
      readonly env: string;
      readonly service: string | null;
      readonly artifactKey: string | null;
    })
  | (RowOrigin & {
      readonly kind: 'violation';
      readonly offendingEventId: string;
      readonly rule: string;
      readonly severity: string;
    })
  | (RowOrigin & { readonly kind: 'supersession'; readonly supersededId: string })
  | (RowOrigin & {
      readonly kind: 'snapshot';
      readonly env: string;
      /** Who ran it (the identity the ledger recorded): a snapshot is only as good as its reporter. */
      readonly producer: string;
      readonly complete: boolean;
      readonly observed: readonly { readonly service: string; readonly digest: string }[];
    });

type Content = Record<string, unknown>;

/** The correction an event claims (`customData.supersedes`); see `@shiplog/ledger`'s reader. */
export { supersededId };

function keyOf(identity: ArtifactIdentity): string | null {
  return artifactKey(identity) ?? null;
}

/**
 * Reads one recorded event into rows; an event the read models do not use gives none. A correction
 * counts only when `honoursCorrection` (the caller checked it corrects an event of its own stream
 * and source): nobody may hide another producer's facts.
 */
export function projectionRows(record: RecordedEvent, honoursCorrection = false): ProjectionRow[] {
  const read = readFact(record);
  if (read === undefined) return [];
  // The one reading of an event's time (offsets applied, leap seconds folded, before 1970 too).
  const atMs = instantMs(String(read.event.context.timestamp ?? '')) ?? Number.NaN;
  const recordedMs = Date.parse(record.recordedAt);
  if (Number.isNaN(atMs) || Number.isNaN(recordedMs)) return [];
  const origin: RowOrigin = {
    eventId: record.id,
    position: record.position,
    type: record.type,
    source: read.event.context.source,
    atMs,
    recordedMs,
  };
  const rows = rowsOf(read.fact, origin, record.producer);
  if (read.supersedes !== undefined && honoursCorrection) {
    rows.push({ ...origin, kind: 'supersession', supersededId: read.supersedes });
  }
  return rows;
}

// Fields a fact may lack are written as undefined: the detail is stored as JSON, which leaves them out.
function rowsOf(fact: LedgerFact, origin: RowOrigin, producer: string): ProjectionRow[] {
  const fileUnder = (identity: ArtifactIdentity, stage: string, detail: Content): ProjectionRow[] => {
    const keys = artifactKeys(identity);
    return keys.length === 0 ? [] : [{ ...origin, kind: 'artifactFact', keys, stage, detail }];
  };
  switch (fact.kind) {
    case 'change':
      return [{ ...origin, kind: 'change', changeId: fact.changeId }];
    case 'build': {
      const rows = fileUnder(fact.artifact, 'build', {
        artifactId: fact.artifactId,
        change: fact.changeId,
        sbom: fact.sbomUri,
      });
      if (fact.changeId !== undefined)
        rows.push({ kind: 'artifactChange', keys: artifactKeys(fact.artifact), changeId: fact.changeId });
      // So `why pkg:npm/app@1.2.0` finds the bytes built under that name.
      const { digest, nameVersion } = fact.artifact;
      if (digest !== undefined && nameVersion !== undefined)
        rows.push({ kind: 'artifactName', nameVersion, digest });
      return rows;
    }
    case 'verification':
      return fileUnder(fact.artifact, 'verification', { check: fact.check, outcome: fact.outcome });
    case 'release':
      return fileUnder(fact.artifact, 'release', {
        to: fact.to,
        registry: fact.registry,
        sbom: fact.sbomUri,
      });
    case 'approval':
      return fileUnder(fact.artifact, 'approval', {
        env: fact.environment,
        granted: fact.granted,
        approver: fact.approver,
        reason: fact.reason,
      });
    case 'gate':
      return fileUnder(fact.artifact, 'gate', {
        gateId: fact.gateId,
        stage: fact.stage,
        env: fact.environment,
        service: fact.service,
        decision: fact.decision,
        policy: fact.policy.id,
        policyDigest: fact.policy.digest,
        reasons: fact.reasons,
      });
    case 'exception':
      return fileUnder(fact.artifact, 'exception', {
        check: fact.check,
        env: fact.environment,
        approver: fact.approver,
        reason: fact.reason,
        expiresAt: fact.expiresAt,
      });
    case 'evidence':
      return fileUnder(fact.artifact, evidenceStage[fact.proof], {
        signature: fact.signature,
        sbomDigest: fact.sbom?.digest,
        sbomLocation: fact.sbom?.location,
        bundleDigest: fact.bundleDigest,
        predicateType: fact.predicateType,
        signer: fact.signer,
      });
    case 'deploy':
      return [
        {
          ...origin,
          kind: 'deployment',
          env: fact.target.environment,
          service: fact.target.service,
          action: fact.action,
          artifactId: fact.artifactId,
          artifactKey: keyOf(fact.artifact),
        },
      ];
    case 'removed':
      return [
        {
          ...origin,
          kind: 'deployment',
          env: fact.target.environment,
          service: fact.target.service,
          action: 'removed',
          artifactId: null,
          artifactKey: null,
        },
      ];
    case 'postDeployVerification':
      return fileUnder(fact.artifact, 'postDeployVerification', {
        env: fact.target.environment,
        service: fact.target.service,
        outcome: fact.outcome,
        failing: fact.failing.length === 0 ? undefined : fact.failing,
      });
    case 'rolloutStep':
      return fileUnder(fact.artifact, 'rolloutStep', {
        env: fact.target.environment,
        service: fact.target.service,
        strategy: fact.strategy,
        step: fact.step,
        weightPercent: fact.weightPercent,
        outcome: fact.outcome,
        failing: fact.failing.length === 0 ? undefined : fact.failing,
      });
    case 'rollbackDecision':
      return fileUnder(fact.artifact, 'rollbackDecision', {
        env: fact.target.environment,
        service: fact.target.service,
        to: fact.to === undefined ? undefined : (fact.to.nameVersion ?? fact.to.digest),
        toDigest: fact.to?.digest,
        reason: fact.reason.message,
        deadline: fact.deadline,
        triggeredBy: fact.triggeredBy,
      });
    case 'completion':
      return fileUnder(fact.artifact, 'completion', {
        env: fact.target.environment,
        service: fact.target.service,
        outcome: fact.outcome,
        reason: fact.reason,
      });
    case 'incident':
      return [
        {
          ...origin,
          kind: 'incident',
          incidentId: fact.incidentId,
          phase: fact.phase,
          env: fact.environment,
          service: fact.service ?? null,
          artifactKey: fact.artifact === undefined ? null : keyOf(fact.artifact),
        },
      ];
    case 'violation':
      return [
        {
          ...origin,
          kind: 'violation',
          offendingEventId: fact.offendingEventId,
          rule: fact.rule,
          severity: fact.severity,
        },
      ];
    case 'snapshot':
      return [
        {
          ...origin,
          kind: 'snapshot',
          env: fact.environment,
          producer,
          complete: fact.complete,
          observed: fact.observed,
        },
      ];
    case 'other':
      return [];
  }
}

// The read models' stage names for evidence; downloads and deletions are filed as plain evidence.
const evidenceStage = {
  sbom: 'sbom',
  signature: 'signature',
  attestation: 'signature',
  download: 'evidence',
  deletion: 'evidence',
} as const satisfies Record<EvidenceProof, string>;
