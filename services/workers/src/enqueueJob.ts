import { BusError, BusErrorCode } from '@shiplog/bus';
import type { Bus } from '@shiplog/bus';
import type { WorkerQueue } from './jobs.ts';

/**
 * Puts a job on its queue. The msgId is the job id, so enqueuing the same follow-up twice (a
 * redelivered job re-enqueues what it enqueued before) stores it once within the dedupe window.
 * `attempt` tells a deliberate new try (a resumed release) apart from such a repeat.
 * A NATS user that may not issue jobs is told which role may (`release`), at the first job.
 */
export async function enqueueJob<T extends { readonly jobId: string }>(
  bus: Bus,
  queue: WorkerQueue,
  job: T,
  platform = 'any',
  attempt?: string,
): Promise<void> {
  try {
    await bus.enqueueJob(queue, new TextEncoder().encode(JSON.stringify(job)), {
      msgId: `${queue}.${job.jobId}${attempt === undefined ? '' : `#${attempt}`}`,
      platform,
    });
  } catch (err) {
    if (!(err instanceof BusError) || err.code !== BusErrorCode.PermissionDenied) throw err;
    throw new BusError(
      BusErrorCode.PermissionDenied,
      `only a NATS user with the release role may issue jobs, and this one may not (${err.message}): ` +
        'run the release with SHIPLOG_NATS_USER set to a user whose role is release in deploy/nats/users.json',
      { cause: err },
    );
  }
}
