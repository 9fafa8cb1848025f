import { identityOfKey } from '@shiplog/ledger';
import type { RollbackTargetAnswer, RollbackTargetQuery } from './answers.ts';
import { decidedRollback } from './deploymentHealth.ts';
import { ProjectionsError, ProjectionsErrorCode } from './errors.ts';
import type { ProjectionQueries } from './sqlite/projectionQueries.ts';
import { isoOf, queryTimeMs } from './time.ts';

const FOREVER = Number.MAX_SAFE_INTEGER;

function required(value: string, field: string): string {
  if (value.trim().length === 0)
    throw new ProjectionsError(ProjectionsErrorCode.InvalidQuery, `${field} must not be empty`, {
      fields: [field],
    });
  return value;
}

/**
 * Where a rollback of `service` in `env` goes (seed 001: a previously released artifact, a known
 * healthy state): the last version other than the running one whose deployment there completed
 * with success, as things stood at `at` and as the ledger knew them at `knownAt`.
 */
export function rollbackTarget(queries: ProjectionQueries, query: RollbackTargetQuery): RollbackTargetAnswer {
  const env = required(query.env, 'env');
  const service = required(query.service, 'service');
  const atMs = query.at === undefined ? Date.now() : queryTimeMs(query.at, 'at');
  const knownMs = query.knownAt === undefined ? FOREVER : queryTimeMs(query.knownAt, 'knownAt');
  const latest = queries.latest(env, service, atMs, knownMs);
  const running = latest === undefined || latest.action === 'removed' ? undefined : latest;
  const healthy = queries
    .healthyCompletions(env, service, atMs, knownMs)
    // Only a completion of the bytes running there when it was recorded: one claimed for others is no healthy state.
    .find(
      (c) =>
        c.artifactKey !== running?.artifactKey &&
        queries.latest(env, service, c.atMs, knownMs)?.artifactKey === c.artifactKey,
    );
  const deployment =
    healthy === undefined
      ? undefined
      : queries
          .deploymentsByKey(healthy.artifactKey, knownMs)
          .findLast((d) => d.env === env && d.service === service && d.artifactId !== null);
  const facts =
    running?.artifactKey === null || running === undefined
      ? []
      : queries.afterDeploy(running, running.artifactKey, atMs, knownMs);
  return {
    env,
    service,
    at: isoOf(atMs),
    knownAt: query.knownAt === undefined ? null : isoOf(knownMs),
    running:
      running?.artifactId == null ? null : { artifactId: running.artifactId, eventId: running.eventId },
    target:
      healthy === undefined
        ? null
        : {
            artifactId: deployment?.artifactId ?? healthy.artifactKey,
            artifact: identityOfKey(healthy.artifactKey),
            completedAt: isoOf(healthy.atMs),
            completionEventId: healthy.eventId,
          },
    decided: decidedRollback(facts, atMs),
  };
}
