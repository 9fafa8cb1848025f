import type { ArtifactChain, ChainStep, DeploymentOutcome } from './answers.ts';
import type {
  ArtifactFactRow,
  ChangeRow,
  DeploymentRow,
  IncidentRow,
  ViolationRow,
} from './readModelRows.ts';
import { isoOf } from './time.ts';

export interface ChainRows {
  readonly artifact: { readonly digest: string | null; readonly nameVersion: string | null };
  readonly facts: readonly ArtifactFactRow[];
  readonly changes: readonly string[];
  readonly changeEvents: readonly ChangeRow[];
  /** Deployments of the artifact, each with what came next on its target (if anything). */
  readonly deployments: readonly { readonly row: DeploymentRow; readonly next: DeploymentRow | undefined }[];
  readonly incidents: readonly IncidentRow[];
  /** Violations whose offending event is any event of the chain. */
  readonly violations: readonly ViolationRow[];
  /** The recorded producer of each event of the chain, by its position in the log. */
  readonly producers: ReadonlyMap<number, string>;
}

interface Draft {
  readonly stage: string;
  readonly type: string;
  readonly eventId: string;
  readonly position: number;
  readonly atMs: number;
  readonly source: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

/**
 * An artifact's chain in time order: change intake, build, verification, release, approvals and
 * gates, deployments, post-deploy verification, completion or rollback, incidents — each step with
 * the violations the ledger recorded against it.
 */
export function whyChain(rows: ChainRows): ArtifactChain {
  // One step per recorded event, by its position: two sources' events with one id are two steps.
  const drafts = new Map<number, Draft>();
  const add = (d: Draft): void => void (drafts.has(d.position) ? undefined : drafts.set(d.position, d));
  for (const c of rows.changeEvents) add({ ...c, stage: 'change', detail: { change: c.changeId } });
  for (const f of rows.facts) add(f);
  const deployments: DeploymentOutcome[] = [];
  for (const { row, next } of rows.deployments) {
    add({ ...row, stage: 'deploy', type: typeFor(row.action), detail: targetDetail(row) });
    if (next?.action === 'rolledback') {
      add({ ...next, stage: 'rollback', type: typeFor(next.action), detail: targetDetail(next) });
    }
    deployments.push({
      env: row.env,
      service: row.service,
      action: row.action,
      at: isoOf(row.atMs),
      eventId: row.eventId,
      outcome:
        next === undefined
          ? 'running'
          : next.action === 'rolledback'
            ? 'rolledback'
            : next.action === 'removed'
              ? 'removed'
              : 'replaced',
      endedBy: next?.eventId ?? null,
    });
  }
  for (const i of rows.incidents) {
    add({
      ...i,
      stage: 'incident',
      type: `dev.cdevents.incident.${i.phase}.0.3.0`,
      source: '',
      detail: { incident: i.incidentId, env: i.env, ...(i.service === null ? {} : { service: i.service }) },
    });
  }
  const violationsOf = (eventId: string) =>
    rows.violations
      .filter((v) => v.offendingEventId === eventId)
      .map((v) => ({ rule: v.rule, severity: v.severity, eventId: v.eventId }));
  const steps: ChainStep[] = [...drafts.values()]
    .sort((a, b) => a.atMs - b.atMs || a.position - b.position)
    .map((d) => ({
      stage: d.stage,
      type: d.type,
      eventId: d.eventId,
      at: isoOf(d.atMs),
      source: d.source,
      producer: rows.producers.get(d.position) ?? 'unknown',
      detail: d.detail,
      violations: violationsOf(d.eventId),
    }));
  const ofStage = (...stages: string[]): ChainStep[] => steps.filter((s) => stages.includes(s.stage));
  return {
    artifact: rows.artifact,
    changes: [...new Set(rows.changes)].sort(),
    steps,
    deployments,
    gates: ofStage('gate'),
    approvals: ofStage('approval'),
    signatures: ofStage('signature'),
    sboms: [
      ...ofStage('sbom'),
      ...steps.filter((s) => s.stage !== 'sbom' && typeof s.detail['sbom'] === 'string'),
    ],
    violations: rows.violations.map((v) => ({
      rule: v.rule,
      severity: v.severity,
      eventId: v.eventId,
      offendingEventId: v.offendingEventId,
    })),
  };
}

function typeFor(action: string): string {
  return `dev.cdevents.service.${action}.0.3.0`;
}

function targetDetail(row: DeploymentRow): Record<string, unknown> {
  return { env: row.env, service: row.service, action: row.action, artifactId: row.artifactId };
}
