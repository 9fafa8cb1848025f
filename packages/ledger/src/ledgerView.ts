import type { ArtifactIdentity } from './artifactIdentity.ts';
import { filingKeys } from './artifactIdentity.ts';
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

/** What the ledger knows of one artifact, filed under its digest and under its name@version. */
export interface ArtifactRecord {
  readonly builds: BuildRecord[];
  readonly checks: CheckRecord[];
  readonly releases: ReleaseRecord[];
  readonly approvals: ApprovalRecord[];
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
}

export function emptyView(): LedgerView {
  return {
    position: -1,
    artifacts: new Map(),
    changes: new Set(),
    deployments: new Map(),
    postDeploy: new Map(),
  };
}

export function targetKey(target: { readonly environment: string; readonly service: string }): string {
  return `${target.environment}/${target.service}`;
}

function recordFor(view: LedgerView, key: string): ArtifactRecord {
  let record = view.artifacts.get(key);
  if (record === undefined) {
    record = { builds: [], checks: [], releases: [], approvals: [] };
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
    case 'deploy':
      view.deployments.set(targetKey(fact.target), { ...stamp, artifact: fact.artifact });
      break;
    case 'removed':
      view.deployments.delete(targetKey(fact.target));
      break;
    case 'postDeployVerification':
      view.postDeploy.set(targetKey(fact.target), { ...stamp, artifact: fact.artifact, passed: fact.passed });
      break;
    case 'completion':
    case 'evidence':
    case 'gate':
    case 'incident':
    case 'violation':
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
