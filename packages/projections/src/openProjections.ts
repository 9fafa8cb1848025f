import type { DatabaseSync } from 'node:sqlite';
import { defaultSnapshotProducers, trustsSnapshot } from '@shiplog/ledger';
import type { EventStore } from '@shiplog/store';
import type {
  DeployedAnswer,
  DeployedQuery,
  DoraAnswer,
  DoraQuery,
  HistoryAnswer,
  HistoryQuery,
  RollbackTargetAnswer,
  RollbackTargetQuery,
  WhyAnswer,
} from './answers.ts';
import { deploymentHealth } from './deploymentHealth.ts';
import { doraPerformance } from './doraTier.ts';
import { doraTrend } from './doraTrend.ts';
import { rollbackTarget } from './rollbackTargetQuery.ts';
import { catchUp } from './catchUp.ts';
import { followLog } from './follow.ts';
import type { FollowOptions } from './follow.ts';
import { deploymentWhy } from './deploymentWhy.ts';
import { observedRuntime, unrecordedRuntime } from './observedRuntime.ts';
import type { SnapshotTrust } from './observedRuntime.ts';
import { doraMetrics } from './doraMetrics.ts';
import { ProjectionsError, ProjectionsErrorCode } from './errors.ts';
import { openDatabase } from './sqlite/openDatabase.ts';
import type { DeploymentRow } from './readModelRows.ts';
import { createProjectionQueries } from './sqlite/projectionQueries.ts';
import type { ProjectionQueries } from './sqlite/projectionQueries.ts';
import { createProjectionWriter } from './sqlite/projectionWriter.ts';
import type { Checkpoint } from './sqlite/projectionWriter.ts';
import { BEFORE_ALL_MS, isoOf, queryTimeMs } from './time.ts';
import { verifyProjections } from './verifyProjections.ts';
import type { ProjectionsVerification } from './verifyProjections.ts';
import { why } from './whyQuery.ts';
import { createTimelineQueries } from './timelineQuery.ts';
import type { TimelineAnswer, TimelineQuery } from './timelineQuery.ts';

/** The read models of one ledger: caught up on demand, queried by the read commands and the API. */
export interface Projections {
  /** Applies every event recorded since the checkpoint; resolves to how many were applied. */
  catchUp(): Promise<number>;
  /** What ran in an environment at an instant, since when, and why. */
  deployed(query: DeployedQuery): Promise<DeployedAnswer>;
  /** Deployments, upgrades, rollbacks and removals in an environment, in time order. */
  history(query: HistoryQuery): Promise<HistoryAnswer>;
  /** The chain behind an event id, change id, digest or purl; throws `NOT_FOUND` when nothing matches. */
  why(idOrDigestOrPurl: string): Promise<WhyAnswer>;
  /** The DORA metrics of an environment over a window. */
  dora(query: DoraQuery): Promise<DoraAnswer>;
  /** The environments with recorded deployments, and how many services each has had. */
  environments(): Promise<{ env: string; services: number }[]>;
  /** Deployments, incidents and gate decisions of an environment, newest first, with their violations. */
  timeline(query: TimelineQuery): Promise<TimelineAnswer>;
  /** The last version that completed healthy on a target: where a rollback goes. */
  rollbackTarget(query: RollbackTargetQuery): Promise<RollbackTargetAnswer>;
  /**
   * Follows the log until `signal` aborts or the projections close: a catch-up subscription
   * whose deliveries trigger checkpointed catch-ups (for long-running readers such as the API).
   */
  follow(options?: FollowOptions): Promise<void>;
  /**
   * Proves the read models equal a replay of the log (`verifyProjections` on this file): reads a
   * snapshot, so queries and catch-ups go on meanwhile. Calls made while one runs share its result
   * (one replay at a time, however many ask).
   */
  verify(): Promise<ProjectionsVerification>;
  /** Where the read models stand in the log. */
  checkpoint(): Checkpoint;
  /** Waits for the running call, stops any `follow`, and closes the file. */
  close(): Promise<void>;
}

export interface OpenProjectionsOptions {
  readonly store: EventStore;
  /** The projections SQLite file (e.g. `.shiplog/projections.db`); created when absent. */
  readonly path: string;
  /**
   * The producers whose snapshots `deployed` counts as observed (identities or patterns, see
   * `@shiplog/ledger`'s `snapshotProducers`); default `defaultSnapshotProducers`. Every snapshot
   * stays recorded: this only decides whom the observed view believes.
   */
  readonly snapshotProducers?: readonly string[];
}

const FOREVER = Number.MAX_SAFE_INTEGER;
const DAY_MS = 86_400_000;

function required(value: string, field: string): string {
  if (value.trim().length === 0)
    throw new ProjectionsError(ProjectionsErrorCode.InvalidQuery, `${field} must not be empty`, {
      fields: [field],
    });
  return value;
}

/** Opens the read models at `path` over `store`. Call `catchUp()` before querying for fresh answers. */
export function openProjections(options: OpenProjectionsOptions): Promise<Projections> {
  return Promise.resolve().then(() => createProjections(options));
}

function createProjections(options: OpenProjectionsOptions): Projections {
  const db = openDatabase(options.path);
  const writer = createProjectionWriter(db);
  const queries = createProjectionQueries(db);
  const timelines = createTimelineQueries(db);
  const producers = options.snapshotProducers ?? defaultSnapshotProducers;
  const trusted: SnapshotTrust = (producer) => trustsSnapshot(producers, producer);
  let closed = false;
  // One connection, one transaction at a time: calls run in turn (a catch-up holds its page's
  // transaction across reads of the log), answer by promise, errors included, and stop once closed.
  let tail: Promise<unknown> = Promise.resolve();
  const followers = new Set<() => void>();
  let verifying: Promise<ProjectionsVerification> | undefined;
  const answer = <T>(compute: () => T | Promise<T>): Promise<T> => {
    const run = tail.then(() => {
      if (closed) throw new ProjectionsError(ProjectionsErrorCode.Closed, 'the projections are closed');
      return compute();
    });
    tail = run.catch(() => undefined);
    return run;
  };
  return {
    catchUp: () => answer(() => catchUp(options.store, writer)),
    deployed: (query) => answer(() => deployed(queries, query, trusted)),
    history: (query) => answer(() => history(queries, query)),
    why: (text) => answer(() => why(queries, options.store, required(text, 'the id, digest or purl'))),
    dora: (query) => answer(() => dora(queries, query)),
    environments: () => answer(() => timelines.environments()),
    timeline: (query) => answer(() => timelines.timeline(query)),
    rollbackTarget: (query) => answer(() => rollbackTarget(queries, query)),
    follow: (follow = {}) =>
      followLog({
        ...follow,
        store: options.store,
        catchUp: () => answer(() => catchUp(options.store, writer)),
        position: () => writer.checkpoint().position,
        onClose(stop) {
          followers.add(stop);
          return () => followers.delete(stop);
        },
      }),
    verify() {
      if (closed)
        return Promise.reject(
          new ProjectionsError(ProjectionsErrorCode.Closed, 'the projections are closed'),
        );
      verifying ??= verifyProjections({ store: options.store, path: options.path }).finally(() => {
        verifying = undefined;
      });
      return verifying;
    },
    checkpoint() {
      if (closed) throw new ProjectionsError(ProjectionsErrorCode.Closed, 'the projections are closed');
      return writer.checkpoint();
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const stop of followers) stop();
      await tail;
      await verifying?.catch(() => undefined);
      closeDb(db);
    },
  };
}

function history(queries: ProjectionQueries, query: HistoryQuery): HistoryAnswer {
  const env = required(query.env, 'env');
  const sinceMs = query.since === undefined ? BEFORE_ALL_MS : queryTimeMs(query.since, 'since');
  const untilMs = query.until === undefined ? FOREVER : queryTimeMs(query.until, 'until');
  const knownMs = query.knownAt === undefined ? FOREVER : queryTimeMs(query.knownAt, 'knownAt');
  const rows = queries.history(env, query.service ?? null, sinceMs, untilMs, knownMs);
  return {
    env,
    ...(query.knownAt === undefined ? {} : { knownAt: isoOf(knownMs) }),
    entries: rows.map((r) => ({
      service: r.service,
      action: r.action,
      artifactId: r.artifactId,
      at: isoOf(r.atMs),
      eventId: r.eventId,
      rollback: r.action === 'rolledback' || isRedeployOfOlder(queries, r, knownMs),
    })),
  };
}

/** A deployment of bytes that ran on the target before, other than the bytes it replaced. */
function isRedeployOfOlder(queries: ProjectionQueries, row: DeploymentRow, knownMs: number): boolean {
  if (row.action !== 'deployed' && row.action !== 'upgraded') return false;
  if (!queries.ranBefore(row, knownMs)) return false;
  const before = queries.latest(row.env, row.service, row.atMs - 1, knownMs);
  return before?.artifactKey !== row.artifactKey;
}

function closeDb(db: DatabaseSync): void {
  if (db.isOpen) db.close();
}

function deployed(queries: ProjectionQueries, query: DeployedQuery, trusted: SnapshotTrust): DeployedAnswer {
  const env = required(query.env, 'env');
  const atMs = query.at === undefined ? Date.now() : queryTimeMs(query.at, 'at');
  const knownMs = query.knownAt === undefined ? FOREVER : queryTimeMs(query.knownAt, 'knownAt');
  const services = query.service === undefined ? queries.services(env) : [query.service];
  const answers = [];
  for (const service of services) {
    const row = queries.latest(env, service, atMs, knownMs);
    if (row === undefined || row.action === 'removed' || row.artifactId === null) continue;
    const key = row.artifactKey;
    const facts = key === null ? [] : queries.factsForDeploy(key, atMs, knownMs);
    const changes = key === null ? [] : queries.changesOf(key);
    const why = deploymentWhy(
      row,
      facts,
      changes,
      queries.violationsOf(row.eventId),
      queries.corrects(row.eventId, knownMs),
    );
    const health = deploymentHealth(key === null ? [] : queries.afterDeploy(row, key, atMs, knownMs), atMs);
    const observed = observedRuntime(queries, env, service, atMs, knownMs, trusted);
    answers.push({
      service,
      artifactId: row.artifactId,
      since: isoOf(row.atMs),
      eventId: row.eventId,
      why,
      health,
      observed,
    });
  }
  return {
    env,
    at: isoOf(atMs),
    knownAt: query.knownAt === undefined ? null : isoOf(knownMs),
    services: answers,
    unrecorded: unrecordedRuntime(queries, env, query.service, atMs, knownMs, trusted),
  };
}

function dora(queries: ProjectionQueries, query: DoraQuery): DoraAnswer {
  const env = required(query.env ?? 'production', 'env');
  const nowMs = query.now === undefined ? Date.now() : queryTimeMs(query.now, 'now');
  const untilMs = query.until === undefined ? nowMs : queryTimeMs(query.until, 'until');
  const sinceMs = query.since === undefined ? untilMs - 30 * DAY_MS : queryTimeMs(query.since, 'since');
  if (sinceMs >= untilMs)
    throw new ProjectionsError(ProjectionsErrorCode.InvalidQuery, 'since must be before until', {
      fields: ['since', 'until'],
    });
  const knownMs = query.knownAt === undefined ? FOREVER : queryTimeMs(query.knownAt, 'knownAt');
  const service = query.service;
  const rows = queries.fromSince(env, service ?? null, sinceMs, knownMs);
  // What each service ran just before the window: a return to older bytes in it is a rollback.
  const runningBefore = new Map(
    (service === undefined ? queries.services(env) : [service]).map((s) => {
      const before = queries.latest(env, s, sinceMs - 1, knownMs);
      return [s, before === undefined || before.action === 'removed' ? null : before.artifactKey] as const;
    }),
  );
  const input = {
    sinceMs,
    untilMs,
    deployments: rows,
    deployedBefore: queries.deployedBefore(env, service ?? null, sinceMs, untilMs, knownMs),
    changesByArtifact: queries.changesForWindow(env, service ?? null, sinceMs, untilMs),
    incidents: queries.incidents(env, sinceMs, knownMs),
    failedChecks: queries.failedChecks(env, service ?? null, sinceMs, knownMs),
    runningBefore,
    ...(service === undefined ? {} : { service }),
  };
  const figures = doraMetrics(input);
  return {
    env,
    service: service ?? null,
    since: isoOf(sinceMs),
    until: isoOf(untilMs),
    ...figures,
    knownAt: query.knownAt === undefined ? null : isoOf(knownMs),
    performance: doraPerformance(figures),
    ...(query.weekly === true ? { weekly: doraTrend(input) } : {}),
  };
}
