import type { WorkerError } from './errors.ts';
import type { WorkerContext } from './workerContext.ts';

/** What a job that must not run ended with: nothing run, nothing recorded. */
export interface RefusedJob {
  readonly status: 'refused';
  readonly code: string;
  readonly message: string;
}

/**
 * Refuses a job that names nothing the ledger recorded (or names it with the wrong digest): it is
 * kept in the rejected log with its reason and acknowledged, never retried, and nothing of it runs
 * or is recorded, so a forged job cannot even write a failure under a real job's id.
 */
export async function refuseJob(
  ctx: WorkerContext,
  queue: string,
  job: { readonly jobId: string },
  err: WorkerError,
): Promise<RefusedJob> {
  const message = ctx.secrets.redact(err.message);
  await ctx.bus.reject(
    new TextEncoder().encode(JSON.stringify(job)),
    `${queue} job refused: ${err.code}: ${message}`,
  );
  ctx.logger.warn({ job: job.jobId, code: err.code, reason: message }, 'job refused');
  return { status: 'refused', code: err.code, message };
}
