import { decideReleaseGate, findReleaseArtifacts } from '@shiplog/release';
import type { ReleaseGateDecision } from '@shiplog/release';
import { defaultGatePolicy } from '@shiplog/ledger';
import type { GateJob } from './jobs.ts';
import { readRecordedRun } from './recordedEntry.ts';
import type { WorkerContext } from './workerContext.ts';

/**
 * The release gate as a job: every artifact of the version the manifest of release run `run`
 * recorded (read from the ledger, never from a path the job names), judged by the one gate engine
 * at stage `release`, each decision recorded as `gate.decided`. A job naming no recorded run fails
 * with `JOB_UNRECORDED` and records nothing.
 */
export async function handleGateJob(job: GateJob, ctx: WorkerContext): Promise<ReleaseGateDecision> {
  const { manifest } = await readRecordedRun(ctx.store, job);
  const artifacts = await findReleaseArtifacts(ctx.store, manifest);
  return decideReleaseGate({
    store: ctx.store,
    policy: ctx.gatePolicy ?? defaultGatePolicy,
    manifest,
    artifacts,
    record: { recorder: ctx.recorder, source: '/shiplog/workers/gate', now: ctx.now, decisionId: job.jobId },
  });
}
