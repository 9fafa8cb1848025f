import { identityOfKey, purlIdentity } from '@shiplog/ledger';
import type { DeploymentWhy } from './answers.ts';
import type { ArtifactFactRow, DeploymentRow, ViolationRow } from './readModelRows.ts';

/** The identity an artifact key stands for (the one rule lives in `@shiplog/ledger`). */
export { identityOfKey };

/**
 * Why a deployment runs: its artifact's changes, verifications, approvals and gate decisions for
 * the environment, the violations found on the deployment itself, and what it corrected.
 */
export function deploymentWhy(
  deployment: DeploymentRow,
  facts: readonly ArtifactFactRow[],
  changes: readonly string[],
  violations: readonly ViolationRow[],
  corrects: string | null,
): DeploymentWhy {
  const forEnv = (f: ArtifactFactRow): boolean => f.detail['env'] === deployment.env;
  const verifications = facts.filter((f) => f.stage === 'verification');
  return {
    action: deployment.action,
    source: deployment.source,
    artifact: artifactOf(deployment),
    changes: [...new Set(changes)].sort(),
    verifications: {
      passed: verifications.filter((f) => f.detail['outcome'] === 'pass').length,
      failed: verifications.filter((f) => f.detail['outcome'] !== 'pass').length,
    },
    approvals: facts
      .filter((f) => f.stage === 'approval' && forEnv(f))
      .map((f) => ({
        approver: String(f.detail['approver']),
        granted: f.detail['granted'] === true,
        eventId: f.eventId,
      })),
    gates: facts
      .filter((f) => f.stage === 'gate' && forEnv(f))
      .map((f) => ({
        decision: String(f.detail['decision']),
        stage: String(f.detail['stage']),
        eventId: f.eventId,
      })),
    violations: violations.map((v) => ({ rule: v.rule, severity: v.severity, eventId: v.eventId })),
    corrects,
  };
}

function artifactOf(deployment: DeploymentRow): DeploymentWhy['artifact'] {
  if (deployment.artifactId === null) return identityOfKey(deployment.artifactKey);
  const identity = purlIdentity(deployment.artifactId);
  return { digest: identity.digest ?? null, nameVersion: identity.nameVersion ?? null };
}
