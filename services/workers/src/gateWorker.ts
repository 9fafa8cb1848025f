import { decideReleaseGate, findReleaseArtifacts, readReleaseManifest } from '@shiplog/release';
import type { ReleaseGateDecision } from '@shiplog/release';
import { defaultGatePolicy } from '@shiplog/ledger';
import type { GateJob } from './jobs.ts';
import type { WorkerContext } from './workerContext.ts';

/**
 * The release gate as a job: every artifact of the manifest's version the ledger knows, judged by
 * the one gate engine at stage `release`, each decision recorded as `gate.decided`.
 */
export async function handleGateJob(job: GateJob, ctx: WorkerContext): Promise<ReleaseGateDecision> {
  const manifest = await readReleaseManifest(job.manifestPath);
  const artifacts = await findReleaseArtifacts(ctx.store, manifest);
  return decideReleaseGate({
    store: ctx.store,
    policy: ctx.gatePolicy ?? defaultGatePolicy,
    manifest,
    artifacts,
    record: { recorder: ctx.recorder, source: '/shiplog/workers/gate', now: ctx.now, decisionId: job.jobId },
  });
}
