import { decideReleaseGate, findReleaseArtifacts } from '@shiplog/release';
import type { ReleaseGateDecision } from '@shiplog/release';
import { defaultGatePolicy } from '@shiplog/ledger';
import { WorkerError } from './errors.ts';
import type { GateJob } from './jobs.ts';
import { readRecordedRun } from './recordedEntry.ts';
import { refuseJob } from './refuseJob.ts';
import type { RefusedJob } from './refuseJob.ts';
import type { WorkerContext } from './workerContext.ts';

/**
 * The release gate as a job: every artifact of the version the manifest of release run `run`
 * recorded (read from the ledger, never from a path the job names), judged by the one gate engine
 * at stage `release`, each decision recorded as `gate.decided`. A job naming no run shiplog's
 * release runner recorded is refused (`JOB_UNRECORDED`, rejected log) and records nothing.
 */
export async function handleGateJob(
  job: GateJob,
  ctx: WorkerContext,
): Promise<ReleaseGateDecision | RefusedJob> {
  let manifest;
  try {
    ({ manifest } = await readRecordedRun(ctx.store, job));
  } catch (err) {
    if (!(err instanceof WorkerError)) throw err;
    return refuseJob(ctx, 'gate', job, err);
  }
  const artifacts = await findReleaseArtifacts(ctx.store, manifest);
  return decideReleaseGate({
    store: ctx.store,
    policy: ctx.gatePolicy ?? defaultGatePolicy,
    manifest,
    artifacts,
    record: { recorder: ctx.recorder, source: '/shiplog/workers/gate', now: ctx.now, decisionId: job.jobId },
  });
}
