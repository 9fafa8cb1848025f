import { evaluateGate, gatherGateEvidence, gateDecisionEvent, purlIdentity } from '@shiplog/ledger';
import type { GateDecision, GatePolicy, GateReason, Recorder } from '@shiplog/ledger';
import type { EventStore } from '@shiplog/store';
import { ReleaseError, ReleaseErrorCode } from './errors.ts';
import { packagePurl } from './packagePurl.ts';
import { packageVersion } from './releaseManifest.ts';
import type { ReleaseArtifact } from './releaseArtifacts.ts';
import type { ReleaseManifest } from './releaseManifest.ts';

/** The gate's word on one artifact (or on a package with nothing built). */
export interface ArtifactGateDecision {
  readonly package: string;
  readonly digest?: string;
  readonly purl: string;
  readonly decision: 'allow' | 'deny';
  readonly reasons: readonly GateReason[];
  /** The `gate.decided` event id, when the decision was recorded. */
  readonly gateId?: string;
}

export interface ReleaseGateDecision {
  /** `allow` only when every package has an artifact and every artifact is allowed. */
  readonly decision: 'allow' | 'deny';
  readonly artifacts: readonly ArtifactGateDecision[];
  readonly policy: { readonly id: string; readonly digest: string };
}

export interface ReleaseGateOptions {
  readonly store: EventStore;
  readonly policy: GatePolicy;
  readonly manifest: ReleaseManifest;
  /** The artifacts to judge (typically `findReleaseArtifacts`, or a build's results). */
  readonly artifacts: readonly ReleaseArtifact[];
  /** The environment name the policy is applied for (default `release`). */
  readonly environment?: string;
  /** Records each decision as `gate.decided` when given; a dry run (`release plan`) leaves it out. */
  readonly record?: {
    readonly recorder: Recorder;
    readonly source: string;
    readonly now: () => Date;
    /** Prefix of the decision ids; a retried job passes the same one so nothing is recorded twice. */
    readonly decisionId: string;
  };
}

const notBuilt = (name: string): GateReason => ({
  code: 'ARTIFACT_NOT_BUILT',
  message: `no artifact of ${name} is recorded as built for this release`,
});

/**
 * The release gate: a release may publish only when every package is built and every artifact
 * passes the policy at stage `release` (SBOM, signature, verification evidence…). One engine:
 * `evaluateGate` from `@shiplog/ledger`, the same as `shiplog gate`.
 */
export async function decideReleaseGate(options: ReleaseGateOptions): Promise<ReleaseGateDecision> {
  const environment = options.environment ?? 'release';
  const decisions: ArtifactGateDecision[] = [];
  let policyRef: GateDecision['policy'] | undefined;
  for (const pkg of options.manifest.packages) {
    const artifacts = options.artifacts.filter((a) => a.package === pkg.name);
    if (artifacts.length === 0) {
      const purl = packagePurl(pkg, packageVersion(options.manifest, pkg));
      decisions.push({ package: pkg.name, purl, decision: 'deny', reasons: [notBuilt(pkg.name)] });
      continue;
    }
    for (const artifact of artifacts) {
      const identity = { ...purlIdentity(artifact.purl), digest: artifact.digest };
      const evidence = await gatherGateEvidence(options.store, identity, environment, {
        policy: options.policy,
      });
      const decision = evaluateGate(options.policy, {
        artifact: identity,
        environment,
        stage: 'release',
        evidence,
      });
      policyRef = decision.policy;
      const gateId = await recordDecision(options, artifact, environment, decision);
      decisions.push({
        package: pkg.name,
        digest: artifact.digest,
        purl: artifact.purl,
        decision: decision.decision,
        reasons: decision.reasons,
        ...(gateId === undefined ? {} : { gateId }),
      });
    }
  }
  const policy = policyRef ?? evaluateGate(options.policy, emptyRequest(environment)).policy;
  return {
    decision: decisions.every((d) => d.decision === 'allow') ? 'allow' : 'deny',
    artifacts: decisions,
    policy,
  };
}

function emptyRequest(environment: string) {
  return { artifact: {}, environment, stage: 'release' as const, evidence: [] };
}

async function recordDecision(
  options: ReleaseGateOptions,
  artifact: ReleaseArtifact,
  environment: string,
  decision: GateDecision,
): Promise<string | undefined> {
  const record = options.record;
  if (record === undefined) return undefined;
  const gateId = `${record.decisionId}-${artifact.digest.slice('sha256:'.length, 'sha256:'.length + 16)}`;
  // A redelivered job finds its decision already recorded: once is enough.
  if ((await options.store.readEvent(gateId)) !== undefined) return gateId;
  const event = gateDecisionEvent({
    gateId,
    source: record.source,
    timestamp: record.now(),
    artifact: { digest: artifact.digest, purl: artifact.purl },
    environment,
    stage: 'release',
    decision,
  });
  const answer = await record.recorder.record({ value: event });
  if (answer.status === 'refused') {
    const detail = answer.problems.map((p) => p.message).join('; ');
    throw new ReleaseError(
      ReleaseErrorCode.GateDecisionRefused,
      `gate decision ${gateId} refused: ${detail}`,
    );
  }
  return gateId;
}
