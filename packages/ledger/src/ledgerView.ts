import type { ArtifactIdentity } from './artifactIdentity.ts';
import { filingKeys, sameArtifact } from './artifactIdentity.ts';
import { environmentIdentity } from './environmentIdentity.ts';
import type { FactOrigin, LedgerFact } from './ledgerFact.ts';

/** A fact's origin and where the ledger recorded it. */
export interface Stamped extends FactOrigin {
  readonly position: number;
}

export interface BuildRecord extends Stamped {
  readonly digest?: string;
}
export interface CheckRecord extends Stamped {
  readonly check: string;
  readonly passed: boolean;
  readonly digest?: string;
}
export interface ReleaseRecord extends Stamped {
  readonly digest?: string;
}
export interface ApprovalRecord extends Stamped {
  readonly environment: string;
  readonly granted: boolean;
  readonly digest?: string;
}
export interface DeploymentRecord extends Stamped {
  readonly artifact: ArtifactIdentity;
}
export interface GateRecord extends Stamped {
  readonly environment: string;
  readonly allowed: boolean;
  readonly digest?: string;
}
/** A rollback shiplog decided and nothing has answered yet (no deployment replaced the bytes). */
export interface OpenRollback extends Stamped {
  readonly from: ArtifactIdentity;
  readonly to?: ArtifactIdentity;
  readonly deadline: string;
}

/** What the ledger knows of one artifact, filed under its digest and under its name@version. */
export interface ArtifactRecord {
  readonly builds: BuildRecord[];
  readonly checks: CheckRecord[];
  readonly releases: ReleaseRecord[];
  readonly approvals: ApprovalRecord[];
  readonly gates: GateRecord[];
}

/**
 * The evidence the ledger judges new facts against, folded from the log in global order. It is
 * mutated in place by `evolveView` for speed (it follows every recorded event).
 */
export interface LedgerView {
  /** The global position of the last event folded in; -1 before any. */
  position: number;
  readonly artifacts: Map<string, ArtifactRecord>;
  readonly changes: Set<string>;
  /** Latest deployment per `environment/service`. */
  readonly deployments: Map<string, DeploymentRecord>;
  /** Latest post-deploy verification per `environment/service`. */
  readonly postDeploy: Map<string, DeploymentRecord & { readonly passed: boolean }>;
  /** Completions that succeeded, oldest first, per `environment/service`: the known healthy versions. */
  readonly healthy: Map<string, DeploymentRecord[]>;
  /** Identities (`environmentIdentity`) of the environments any gate decision was recorded for. */
  readonly gatedEnvironments: Set<string>;
  /** The open rollback decision per `environment/service`. */
  readonly rollbacks: Map<string, OpenRollback>;
}

export function emptyView(): LedgerView {
  return {
    position: -1,
    artifacts: new Map(),
    changes: new Set(),
    deployments: new Map(),
    postDeploy: new Map(),
    healthy: new Map(),
    gatedEnvironments: new Set(),
    rollbacks: new Map(),
  };
}

export function targetKey(target: { readonly environment: string; readonly service: string }): string {
  return `${target.environment}/${target.service}`;
}

function recordFor(view: LedgerView, key: string): ArtifactRecord {
  let record = view.artifacts.get(key);
  if (record === undefined) {
    record = { builds: [], checks: [], releases: [], approvals: [], gates: [] };
    view.artifacts.set(key, record);
  }
  return record;
}

/** Folds one recorded fact into the view. */
export function evolveView(view: LedgerView, fact: LedgerFact, stamp: Stamped): LedgerView {
  if (stamp.position > view.position) view.position = stamp.position;
  switch (fact.kind) {
    case 'change':
      view.changes.add(fact.changeId);
      break;
    case 'build':
      for (const key of filingKeys(fact.artifact))
        recordFor(view, key).builds.push({ ...stamp, digest: fact.artifact.digest });
      break;
    case 'verification':
      for (const key of filingKeys(fact.artifact)) {
        recordFor(view, key).checks.push({
          ...stamp,
          check: fact.check,
          passed: fact.passed,
          digest: fact.artifact.digest,
        });
      }
      break;
    case 'release':
      for (const key of filingKeys(fact.artifact))
        recordFor(view, key).releases.push({ ...stamp, digest: fact.artifact.digest });
      break;
    case 'approval':
      for (const key of filingKeys(fact.artifact)) {
        recordFor(view, key).approvals.push({
          ...stamp,
          environment: fact.environment,
          granted: fact.granted,
          digest: fact.artifact.digest,
        });
      }
      break;
    case 'deploy': {
      const key = targetKey(fact.target);
      view.deployments.set(key, { ...stamp, artifact: fact.artifact });
      // A deployment that replaces the failing bytes answers the rollback decided for them.
      const open = view.rollbacks.get(key);
      if (open !== undefined && !sameArtifact(open.from, fact.artifact)) view.rollbacks.delete(key);
      break;
    }
    case 'removed':
      view.deployments.delete(targetKey(fact.target));
      view.rollbacks.delete(targetKey(fact.target));
      break;
    case 'postDeployVerification':
      view.postDeploy.set(targetKey(fact.target), { ...stamp, artifact: fact.artifact, passed: fact.passed });
      break;
    case 'rolloutStep':
      if (fact.outcome !== 'started')
        view.postDeploy.set(targetKey(fact.target), {
          ...stamp,
          artifact: fact.artifact,
          passed: fact.outcome === 'pass',
        });
      break;
    case 'rollbackDecision':
      view.rollbacks.set(targetKey(fact.target), {
        ...stamp,
        from: fact.artifact,
        ...(fact.to === undefined ? {} : { to: fact.to }),
        deadline: fact.deadline,
      });
      break;
    case 'completion': {
      const key = targetKey(fact.target);
      const running = view.deployments.get(key);
      // Only the bytes deployed there complete healthy: a completion claimed for others would
      // make them a rollback target (and let them in past the gate as "the decided rollback").
      if (fact.succeeded && running !== undefined && sameArtifact(running.artifact, fact.artifact)) {
        view.healthy.set(key, [...(view.healthy.get(key) ?? []), { ...stamp, artifact: fact.artifact }]);
      }
      break;
    }
    case 'gate':
      view.gatedEnvironments.add(environmentIdentity(fact.environment));
      for (const key of filingKeys(fact.artifact)) {
        recordFor(view, key).gates.push({
          ...stamp,
          environment: fact.environment,
          allowed: fact.decision === 'allow',
          digest: fact.artifact.digest,
        });
      }
      break;
    case 'evidence':
    case 'incident':
    case 'violation':
    case 'exception':
    case 'snapshot':
    case 'other':
      break;
  }
  return view;
}

/**
 * The evidence for exactly these bytes (`sameArtifact`): what was filed under the digest, plus what
 * was filed under the name@version without naming any digest.
 */
export function evidenceFor(view: LedgerView, identity: ArtifactIdentity): ArtifactRecord {
  const byDigest = identity.digest === undefined ? undefined : view.artifacts.get(identity.digest);
  const byName = identity.nameVersion === undefined ? undefined : view.artifacts.get(identity.nameVersion);
  if (identity.digest === undefined) return byName ?? recordFor(emptyView(), '');
  // `sameArtifact` through the index: of what is filed by name@version, only what names no digest.
  const about = <T extends { readonly digest?: string }>(items: readonly T[] | undefined): T[] =>
    (items ?? []).filter((i) => i.digest === undefined);
  return {
    builds: [...(byDigest?.builds ?? []), ...about(byName?.builds)],
    checks: [...(byDigest?.checks ?? []), ...about(byName?.checks)],
    releases: [...(byDigest?.releases ?? []), ...about(byName?.releases)],
    approvals: [...(byDigest?.approvals ?? []), ...about(byName?.approvals)],
    gates: [...(byDigest?.gates ?? []), ...about(byName?.gates)],
  };
}

/** Digests of other bytes built under the same name@version. */
export function otherBuiltDigests(view: LedgerView, identity: ArtifactIdentity): string[] {
  if (identity.nameVersion === undefined) return [];
  const builds = view.artifacts.get(identity.nameVersion)?.builds ?? [];
  const digests = builds
    .map((b) => b.digest)
    .filter((d): d is string => d !== undefined && d !== identity.digest);
  return [...new Set(digests)];
}
