import { instantMs } from '@shiplog/events';
import type { ArtifactIdentity } from './artifactIdentity.ts';
import type { FactOrigin, LedgerFact } from './ledgerFact.ts';
import type { LedgerView, Stamped } from './ledgerView.ts';
import { evidenceFor, otherBuiltDigests, targetKey } from './ledgerView.ts';
import { approvalEnvironmentOf, environmentIdentity } from './environmentIdentity.ts';
import {
  checkFailed,
  completedAfterFailure,
  deployWithoutGate,
  restoresHealthy,
  rollbackPastDeadline,
  rolloutWithoutDeploy,
} from './deployRules.ts';
import { judgeSnapshot } from './judgeSnapshot.ts';
import { ViolationCode } from './violations.ts';
import type { LedgerPolicy, Violation } from './violations.ts';

// Every instant is read one way (offsets applied, leap seconds folded): see `instantMs`.
const time = (s: { readonly timestamp: string }): number => instantMs(s.timestamp) ?? Number.NaN;

function describe(identity: ArtifactIdentity): string {
  return [identity.nameVersion, identity.digest].filter(Boolean).join(' ') || 'the artifact';
}

/** Ordering and merging of a stage against the evidence of the stage before it. */
function ordering(
  origin: FactOrigin,
  stage: string,
  previous: string,
  evidence: readonly Stamped[],
): Violation[] {
  if (evidence.length === 0) return [];
  const found: Violation[] = [];
  if (evidence.every((e) => time(e) > time(origin))) {
    found.push({
      code: ViolationCode.StageReordered,
      severity: 'high',
      message: `${stage} at ${origin.timestamp} happened before ${previous} (${evidence[0]?.timestamp})`,
    });
  }
  if (
    evidence.some(
      (e) => e.source === origin.source && time(e) === time(origin) && e.eventId !== origin.eventId,
    )
  ) {
    found.push({
      code: ViolationCode.StageMerged,
      severity: 'medium',
      message: `${stage} and ${previous} were reported by ${origin.source} at the same instant: merged stages`,
    });
  }
  return found;
}

/** The latest result of each check; undefined when there is none. Failed checks are named. */
function verificationVerdict(checks: readonly { check: string; passed: boolean; position: number }[]) {
  if (checks.length === 0) return { verified: false, failing: [] as string[] };
  const latest = new Map<string, { passed: boolean; position: number }>();
  for (const c of checks) {
    const seen = latest.get(c.check);
    if (seen === undefined || c.position > seen.position) latest.set(c.check, c);
  }
  const failing = [...latest].filter(([, c]) => !c.passed).map(([name]) => name);
  return { verified: failing.length === 0, failing };
}

function rebuilt(view: LedgerView, artifact: ArtifactIdentity, builtHere: boolean): Violation[] {
  const others = otherBuiltDigests(view, artifact);
  if (others.length === 0 || artifact.digest === undefined || builtHere) return [];
  return [
    {
      code: ViolationCode.ArtifactRebuilt,
      severity: 'critical',
      message: `${artifact.nameVersion} was built as ${others.join(', ')} but these bytes are ${artifact.digest}: rebuilt instead of promoted`,
    },
  ];
}

function judgeDeploy(
  view: LedgerView,
  fact: Extract<LedgerFact, { kind: 'deploy' }>,
  origin: FactOrigin,
  policy: LedgerPolicy,
): Violation[] {
  const what = describe(fact.artifact);
  const evidence = evidenceFor(view, fact.artifact);
  const found: Violation[] = [];
  if (evidence.builds.length === 0) {
    found.push({
      code: ViolationCode.ArtifactNotBuilt,
      severity: 'high',
      message: `no build record for ${what}`,
    });
  }
  found.push(...rebuilt(view, fact.artifact, evidence.builds.length > 0));
  // A rollback to bytes that ran healthy there skips what they passed before; a "rollback" to others does not.
  const restores = restoresHealthy(view, fact);
  if (!restores) {
    const verdict = verificationVerdict(evidence.checks);
    if (!verdict.verified) {
      const why =
        verdict.failing.length > 0 ? `failing: ${verdict.failing.join(', ')}` : 'no verification recorded';
      found.push({
        code: ViolationCode.ArtifactNotVerified,
        severity: 'high',
        message: `${what} is not verified (${why})`,
      });
    }
  }
  if (evidence.releases.length === 0) {
    found.push({
      code: ViolationCode.ArtifactNotReleased,
      severity: 'high',
      message: `${what} was never released`,
    });
  }
  const environment = fact.target.environment;
  const guarded = approvalEnvironmentOf(environment, policy.approvalEnvironments);
  if (guarded?.lookalike === true) {
    found.push({
      code: ViolationCode.EnvironmentLookalike,
      severity: 'high',
      message: `environment ${JSON.stringify(environment)} looks like the approval environment ${JSON.stringify(guarded.environment)} but is another name (mixed scripts, look-alike or invisible characters)`,
    });
  }
  // Known limit: the view holds no producer (the recorder stamps facts with their origin only), so
  // this rule reads the latest approval from anyone; the gate keys approvals by (producer, approver).
  if (!restores && guarded !== undefined) {
    const identity = environmentIdentity(environment);
    const approvals = evidence.approvals.filter((a) => environmentIdentity(a.environment) === identity);
    const latest = approvals.reduce<(typeof approvals)[number] | undefined>(
      (a, b) => (a === undefined || b.position > a.position ? b : a),
      undefined,
    );
    if (latest === undefined || !latest.granted) {
      found.push({
        code: ViolationCode.ApprovalMissing,
        severity: 'high',
        message: `deployment of ${what} to ${environment} has no recorded approval${latest === undefined ? '' : ' (latest was rejected)'}`,
      });
    }
  }
  if (!restores) found.push(...ordering(origin, 'deploy', 'release', evidence.releases));
  found.push(...deployWithoutGate(view, fact, evidence, policy), ...rollbackPastDeadline(view, fact, origin));
  return found;
}

function skipped(stage: string, missing: string): Violation {
  return {
    code: ViolationCode.StageSkipped,
    severity: 'high',
    message: `${stage} recorded but ${missing} never was`,
  };
}

/**
 * Judges a well-formed fact against the evidence recorded before it. The fact is recorded whatever
 * this says; each violation is recorded next to it.
 */
export function judge(
  view: LedgerView,
  fact: LedgerFact,
  origin: FactOrigin,
  policy: LedgerPolicy,
): Violation[] {
  switch (fact.kind) {
    case 'build': {
      const found: Violation[] = [];
      if (fact.changeId !== undefined && !view.changes.has(fact.changeId)) {
        found.push(skipped('build', `change intake for change ${fact.changeId}`));
      }
      return [...found, ...rebuilt(view, fact.artifact, false)];
    }
    case 'verification': {
      const builds = evidenceFor(view, fact.artifact).builds;
      if (builds.length === 0) return [skipped('verification', `a build of ${describe(fact.artifact)}`)];
      return ordering(origin, 'verification', 'build', builds);
    }
    case 'release': {
      const evidence = evidenceFor(view, fact.artifact);
      if (evidence.builds.length === 0) return [skipped('release', `a build of ${describe(fact.artifact)}`)];
      if (evidence.checks.length === 0)
        return [skipped('release', `verification of ${describe(fact.artifact)}`)];
      const verdict = verificationVerdict(evidence.checks);
      const found: Violation[] = verdict.verified
        ? []
        : [
            {
              code: ViolationCode.ArtifactNotVerified,
              severity: 'high',
              message: `${describe(fact.artifact)} released with failing checks: ${verdict.failing.join(', ')}`,
            },
          ];
      return [...found, ...ordering(origin, 'release', 'verification', evidence.checks)];
    }
    case 'deploy':
      return judgeDeploy(view, fact, origin, policy);
    case 'postDeployVerification': {
      const deployed = view.deployments.get(targetKey(fact.target));
      if (deployed === undefined) {
        return [
          skipped(
            'post-deploy verification',
            `a deployment to ${fact.target.environment}/${fact.target.service}`,
          ),
        ];
      }
      return [...ordering(origin, 'post-deploy verification', 'deploy', [deployed]), ...checkFailed(fact)];
    }
    case 'rolloutStep':
      return [...rolloutWithoutDeploy(view, fact), ...checkFailed(fact)];
    case 'completion': {
      const checked = view.postDeploy.get(targetKey(fact.target));
      if (checked === undefined) {
        return [
          skipped(
            'completion',
            `post-deploy verification of ${fact.target.environment}/${fact.target.service}`,
          ),
        ];
      }
      return [
        ...ordering(origin, 'completion', 'post-deploy verification', [checked]),
        ...completedAfterFailure(view, fact),
      ];
    }
    case 'snapshot':
      return judgeSnapshot(view, fact);
    case 'removed':
      return rollbackPastDeadline(view, fact, origin);
    case 'change':
    case 'approval':
    case 'evidence':
    case 'gate':
    case 'incident':
    case 'violation':
    case 'exception':
    case 'rollbackDecision':
    case 'other':
      return [];
  }
}
