import { followUpJobId } from './buildJobs.ts';
import { WorkerError, WorkerErrorCode } from './errors.ts';
import type { SbomJob } from './jobs.ts';
import { readRecordedBuild } from './recordedBuild.ts';
import type { RecordedBuild } from './recordedBuild.ts';
import type { WorkerContext } from './workerContext.ts';

/**
 * The recorded build an SBOM or sign job names, when the job names it exactly: its id is the one
 * that build's follow-ups have, and its release and version are the build's. Throws
 * `JOB_UNRECORDED` otherwise, so a forged job gets nothing SBOM'd or signed that shiplog's build
 * worker did not build from a manifest a release run recorded.
 */
export async function followUpBuild(job: SbomJob, ctx: WorkerContext): Promise<RecordedBuild> {
  const build = await readRecordedBuild(ctx.store, job.packagedEventId);
  const expected = followUpJobId(job.packagedEventId);
  if (job.jobId !== expected || job.release !== build.release || job.version !== build.version) {
    throw new WorkerError(
      WorkerErrorCode.JobUnrecorded,
      `job ${job.jobId} (${job.release}@${job.version}) does not match the build ${job.packagedEventId} (job ${expected ?? '?'}, ${build.release}@${build.version})`,
    );
  }
  return build;
}
