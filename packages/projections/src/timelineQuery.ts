import type { DatabaseSync, SQLOutputValue } from 'node:sqlite';
import { ProjectionsError, ProjectionsErrorCode } from './errors.ts';
import { BEFORE_ALL_MS, isoOf, queryTimeMs } from './time.ts';

/** One fact on an environment's timeline, with the violations recorded against it. */
export interface TimelineEntry {
  readonly kind: 'deployment' | 'incident' | 'gate';
  readonly at: string;
  readonly eventId: string;
  readonly service: string | null;
  /** deployed|upgraded|rolledback|removed, detected|reported|resolved, or allow|deny (with its stage). */
  readonly action: string;
  readonly artifactId: string | null;
  /** The incident id, or the gate's stage; null for a deployment. */
  readonly detail: string | null;
  readonly violations: readonly {
    readonly rule: string;
    readonly severity: string;
    readonly eventId: string;
  }[];
}

export interface TimelineAnswer {
  readonly env: string;
  readonly service: string | null;
  readonly since: string | null;
  readonly until: string | null;
  /** Newest first, at most `limit`. */
  readonly entries: readonly TimelineEntry[];
  /** True when older entries in the window were left out (ask again with an earlier `until`). */
  readonly truncated: boolean;
}

export interface TimelineQuery {
  readonly env: string;
  readonly service?: string;
  readonly since?: string;
  readonly until?: string;
  /** Default 200, at most 1000. */
  readonly limit?: number;
}

type Row = Record<string, SQLOutputValue>;
const FOREVER = Number.MAX_SAFE_INTEGER;
const notSuperseded = (alias: string): string =>
  `(${alias}.source, ${alias}.event_id) NOT IN (SELECT s.source, s.superseded_id FROM supersessions s)`;

/** The environment list and the per-environment timeline, over the read-model file's indexes. */
export function createTimelineQueries(db: DatabaseSync) {
  const q = {
    environments: db.prepare('SELECT env, count(*) AS services FROM targets GROUP BY env ORDER BY env'),
    deployments: db.prepare(
      `SELECT d.event_id, d.service, d.action, d.artifact_id, d.artifact_key, d.at_ms FROM deployments d
       WHERE d.env = ?1 AND (?2 IS NULL OR d.service = ?2) AND d.at_ms >= ?3 AND d.at_ms <= ?4 AND ${notSuperseded('d')}
       ORDER BY d.at_ms DESC, d.position DESC LIMIT ?5`,
    ),
    incidents: db.prepare(
      `SELECT i.event_id, i.incident_id, i.phase, i.service, i.at_ms FROM incidents i
       WHERE i.env = ?1 AND (?2 IS NULL OR i.service = ?2 OR i.service IS NULL) AND i.at_ms >= ?3 AND i.at_ms <= ?4 AND ${notSuperseded('i')}
       ORDER BY i.at_ms DESC, i.position DESC LIMIT ?5`,
    ),
    gates: db.prepare(
      "SELECT event_id, at_ms, detail FROM artifact_facts WHERE artifact_key = ? AND stage = 'gate' ORDER BY position",
    ),
    violations: db.prepare(
      'SELECT event_id, rule, severity FROM violations WHERE offending_event_id = ? ORDER BY position',
    ),
  };
  const violationsOf = (eventId: string): TimelineEntry['violations'] =>
    q.violations.all(eventId).map((v: Row) => ({
      rule: v['rule'] as string,
      severity: v['severity'] as string,
      eventId: v['event_id'] as string,
    }));

  return {
    environments: (): { env: string; services: number }[] =>
      q.environments.all().map((r) => ({ env: r['env'] as string, services: r['services'] as number })),

    timeline(query: TimelineQuery): TimelineAnswer {
      const env = query.env;
      if (env.trim().length === 0)
        throw new ProjectionsError(ProjectionsErrorCode.InvalidQuery, 'the environment must not be empty');
      const limit = Math.min(Math.max(query.limit ?? 200, 1), 1000);
      const sinceMs = query.since === undefined ? BEFORE_ALL_MS : queryTimeMs(query.since, 'since');
      const untilMs = query.until === undefined ? FOREVER : queryTimeMs(query.until, 'until');
      const service = query.service ?? null;
      const entries: (TimelineEntry & { ms: number })[] = [];
      const keys = new Map<string, string | null>();
      for (const d of q.deployments.all(env, service, sinceMs, untilMs, limit + 1)) {
        const ms = d['at_ms'] as number;
        const artifactId = d['artifact_id'] as string | null;
        const key = d['artifact_key'] as string | null;
        if (key !== null) keys.set(key, artifactId);
        entries.push({
          kind: 'deployment',
          ms,
          at: isoOf(ms),
          eventId: d['event_id'] as string,
          service: d['service'] as string,
          action: d['action'] as string,
          artifactId,
          detail: null,
          violations: [],
        });
      }
      for (const i of q.incidents.all(env, service, sinceMs, untilMs, limit + 1)) {
        const ms = i['at_ms'] as number;
        entries.push({
          kind: 'incident',
          ms,
          at: isoOf(ms),
          eventId: i['event_id'] as string,
          service: i['service'] as string | null,
          action: i['phase'] as string,
          artifactId: null,
          detail: i['incident_id'] as string,
          violations: [],
        });
      }
      // Gate decisions of the artifacts deployed here, for this environment (by the artifact index).
      for (const [key, artifactId] of keys) {
        for (const g of q.gates.all(key)) {
          const detail = JSON.parse(g['detail'] as string) as Record<string, unknown>;
          const ms = g['at_ms'] as number;
          if (detail['env'] !== env || ms < sinceMs || ms > untilMs) continue;
          if (service !== null && detail['service'] !== undefined && detail['service'] !== service) continue;
          entries.push({
            kind: 'gate',
            ms,
            at: isoOf(ms),
            eventId: g['event_id'] as string,
            service: typeof detail['service'] === 'string' ? detail['service'] : null,
            action: String(detail['decision']),
            artifactId,
            detail: String(detail['stage']),
            violations: [],
          });
        }
      }
      entries.sort((a, b) => b.ms - a.ms);
      const kept = entries.slice(0, limit).map(({ ms: _ms, ...entry }) => ({
        ...entry,
        violations: violationsOf(entry.eventId),
      }));
      return {
        env,
        service,
        since: query.since === undefined ? null : isoOf(sinceMs),
        until: query.until === undefined ? null : isoOf(untilMs),
        entries: kept,
        truncated: entries.length > limit,
      };
    },
  };
}
