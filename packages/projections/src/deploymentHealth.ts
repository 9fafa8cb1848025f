import type { DecidedRollback, DeploymentHealth } from './answers.ts';
import type { ArtifactFactRow } from './readModelRows.ts';
import { isoOf } from './time.ts';
import { timeMs } from './time.ts';

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** The rollback decision among `facts`, judged overdue at `atMs`. */
export function decidedRollback(facts: readonly ArtifactFactRow[], atMs: number): DecidedRollback | null {
  const decision = facts.findLast((f) => f.stage === 'rollbackDecision');
  if (decision === undefined) return null;
  const deadline = String(decision.detail['deadline']);
  return {
    to: typeof decision.detail['to'] === 'string' ? decision.detail['to'] : null,
    reason: String(decision.detail['reason']),
    deadline,
    overdue: atMs > (timeMs(deadline) ?? Number.POSITIVE_INFINITY),
    eventId: decision.eventId,
  };
}

/**
 * The health of a running deployment from what was recorded about its bytes on its target since it
 * started (post-deploy checks, rollout steps, completion, rollback decision), in time order.
 */
export function deploymentHealth(facts: readonly ArtifactFactRow[], atMs: number): DeploymentHealth {
  const results = facts.filter(
    (f) =>
      f.stage === 'postDeployVerification' ||
      (f.stage === 'rolloutStep' && f.detail['outcome'] !== 'started'),
  );
  const latest = results.at(-1);
  const step = facts.findLast((f) => f.stage === 'rolloutStep');
  const completion = facts.findLast((f) => f.stage === 'completion');
  const completed =
    completion === undefined ? null : completion.detail['outcome'] === 'success' ? 'success' : 'failure';
  const passed = latest?.detail['outcome'] === 'pass';
  const status =
    completed === 'failure' || (latest !== undefined && !passed)
      ? 'unhealthy'
      : latest === undefined
        ? 'unverified'
        : 'healthy';
  return {
    status,
    failing: latest === undefined || passed ? [] : strings(latest.detail['failing']),
    checkedAt: latest === undefined ? null : isoOf(latest.atMs),
    rollout:
      step === undefined
        ? null
        : {
            strategy: String(step.detail['strategy']),
            step: Number(step.detail['step']),
            weightPercent:
              typeof step.detail['weightPercent'] === 'number' ? step.detail['weightPercent'] : null,
            outcome: String(step.detail['outcome']),
          },
    completed,
    rollback: decidedRollback(facts, atMs),
  };
}
