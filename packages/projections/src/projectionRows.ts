import { instantMs } from '@shiplog/events';
import type { CDEvent } from '@shiplog/events';
import { eventMeaning } from '@shiplog/events';
import type { ArtifactIdentity } from '@shiplog/ledger';
import { artifactKey, factOf, purlIdentity } from '@shiplog/ledger';
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

/** The key a fact is filed under, as the ledger files evidence: the digest, else name@version. */
export function artifactKeys(identity: ArtifactIdentity): string[] {
  const key = artifactKey(identity);
  return key === undefined ? [] : [key];
}

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

/**
 * Corrections: a producer that reports a fact wrongly sends a new event whose
 * `customData.supersedes` names the earlier event id. Nothing is deleted; from the correction's
 * recordedAt on, the superseded event no longer counts (before it, `--known-at` still shows it).
 */
export function supersededId(event: CDEvent): string | undefined {
  const custom = (event as { customData?: unknown }).customData;
  if (typeof custom !== 'object' || custom === null) return undefined;
  const value = (custom as Record<string, unknown>)['supersedes'];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function keyOf(identity: ArtifactIdentity): string | null {
  return artifactKey(identity) ?? null;
}

/**
 * Reads one recorded event into rows; an event the read models do not use gives none. A correction
 * counts only when `honoursCorrection` (the caller checked it corrects an event of its own stream
 * and source): nobody may hide another producer's facts.
 */
export function projectionRows(record: RecordedEvent, honoursCorrection = false): ProjectionRow[] {
  let event: CDEvent;
  try {
    event = eventMeaning(JSON.parse(record.data));
  } catch {
    return [];
  }
  // The one reading of an event's time (offsets applied, leap seconds folded, before 1970 too).
  const atMs = instantMs(event.context?.timestamp ?? '') ?? Number.NaN;
  const recordedMs = Date.parse(record.recordedAt);
  if (Number.isNaN(atMs) || Number.isNaN(recordedMs)) return [];
  const origin: RowOrigin = {
    eventId: record.id,
    position: record.position,
    type: record.type,
    source: event.context.source,
    atMs,
    recordedMs,
  };
  let rows: ProjectionRow[];
  try {
    rows = rowsOf(event, origin, record.producer);
  } catch {
    // A recorded event passed the contract; a shape we cannot read here is skipped, never fatal.
    return [];
  }
  const superseded = supersededId(event);
  if (superseded !== undefined && honoursCorrection) {
    rows.push({ ...origin, kind: 'supersession', supersededId: superseded });
  }
  return rows;
}

function rowsOf(event: CDEvent, origin: RowOrigin, producer: string): ProjectionRow[] {
  const fact = factOf(event);
  const content = (event.subject as { content: Content }).content;
  const fileUnder = (identity: ArtifactIdentity, stage: string, detail: Content): ProjectionRow[] => {
    const keys = artifactKeys(identity);
    return keys.length === 0 ? [] : [{ ...origin, kind: 'artifactFact', keys, stage, detail }];
  };
  switch (fact.kind) {
    case 'change':
      return [{ ...origin, kind: 'change', changeId: fact.changeId }];
    case 'build': {
      const rows = fileUnder(fact.artifact, 'build', {
        artifactId: event.subject.id,
        ...(fact.changeId === undefined ? {} : { change: fact.changeId }),
        ...sbomUri(content),
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
      return fileUnder(fact.artifact, 'verification', {
        check: fact.check,
        outcome: content['outcome'],
      });
    case 'release':
      return fileUnder(fact.artifact, 'release', releaseDetail(content));
    case 'approval':
      return fileUnder(fact.artifact, 'approval', {
        env: fact.environment,
        granted: fact.granted,
        approver: (content['approver'] as { id: string }).id,
        ...(typeof content['reason'] === 'string' ? { reason: content['reason'] } : {}),
      });
    case 'gate':
      return fileUnder(fact.artifact, 'gate', gateDetail(content));
    case 'evidence':
      return fileUnder(fact.artifact, evidenceStage(event.context.type), evidenceDetail(content));
    case 'deploy': {
      const artifactId = content['artifactId'] as string;
      return [
        {
          ...origin,
          kind: 'deployment',
          env: fact.target.environment,
          service: fact.target.service,
          action: fact.action,
          artifactId,
          artifactKey: keyOf(fact.artifact),
        },
      ];
    }
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
        outcome: content['outcome'],
      });
    case 'completion':
      return fileUnder(fact.artifact, 'completion', {
        env: fact.target.environment,
        service: fact.target.service,
        outcome: content['outcome'],
        ...(typeof content['reason'] === 'string' ? { reason: content['reason'] } : {}),
      });
    case 'incident': {
      const service = (content['service'] as { id: string } | undefined)?.id ?? null;
      const artifactId = content['artifactId'] as string | undefined;
      return [
        {
          ...origin,
          kind: 'incident',
          incidentId: fact.incidentId,
          phase: event.context.type.split('.')[3] as 'detected' | 'reported' | 'resolved',
          env: fact.environment,
          service,
          artifactKey: artifactId === undefined ? null : keyOf(purlIdentity(artifactId)),
        },
      ];
    }
    case 'violation': {
      const rule = content['rule'] as { code: string };
      return [
        {
          ...origin,
          kind: 'violation',
          offendingEventId: fact.offendingEventId,
          rule: rule.code,
          severity: content['severity'] as string,
        },
      ];
    }
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

function sbomUri(content: Content): Content {
  const sbom = content['sbom'] as { uri?: string } | undefined;
  return sbom?.uri === undefined ? {} : { sbom: sbom.uri };
}

function releaseDetail(content: Content): Content {
  const to = content['to'] as { kind: string; id: string } | undefined;
  const registry = content['registry'];
  return {
    ...(to === undefined ? {} : { to: `${to.kind}:${to.id}` }),
    ...(typeof registry === 'string' ? { registry } : {}),
    ...sbomUri(content),
  };
}

function gateDetail(content: Content): Content {
  const env = (content['environment'] as { id: string }).id;
  const service = (content['service'] as { id: string } | undefined)?.id;
  const policy = content['policy'] as { id: string; digest: string };
  const reasons = (content['reasons'] as { code: string }[]).map((r) => r.code);
  return {
    gateId: content['gateId'],
    stage: content['stage'],
    env,
    ...(service === undefined ? {} : { service }),
    decision: content['decision'],
    policy: policy.id,
    policyDigest: policy.digest,
    reasons,
  };
}

function evidenceStage(type: string): string {
  if (type.includes('sbom.generated')) return 'sbom';
  if (type.includes('artifact.signed') || type.includes('attestation.recorded')) return 'signature';
  return 'evidence';
}

function evidenceDetail(content: Content): Content {
  const sbom = content['sbom'] as { digest?: string; location?: string } | undefined;
  const bundle = content['bundle'] as { digest?: string } | undefined;
  const signer = content['signer'] as { identity?: string; keyHint?: string } | undefined;
  return {
    ...(typeof content['signature'] === 'string' ? { signature: content['signature'] } : {}),
    ...(sbom?.digest === undefined ? {} : { sbomDigest: sbom.digest, sbomLocation: sbom.location }),
    ...(bundle?.digest === undefined ? {} : { bundleDigest: bundle.digest }),
    ...(typeof content['predicateType'] === 'string' ? { predicateType: content['predicateType'] } : {}),
    ...(signer === undefined ? {} : { signer: signer.identity ?? signer.keyHint }),
  };
}
