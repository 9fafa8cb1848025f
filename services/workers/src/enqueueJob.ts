import type { Bus } from '@shiplog/bus';
import type { WorkerQueue } from './jobs.ts';

/**
 * Puts a job on its queue. The msgId is the job id, so enqueuing the same follow-up twice (a
 * redelivered job re-enqueues what it enqueued before) stores it once within the dedupe window.
 * `attempt` tells a deliberate new try (a resumed release) apart from such a repeat.
 */
export async function enqueueJob<T extends { readonly jobId: string }>(
  bus: Bus,
  queue: WorkerQueue,
  job: T,
  platform = 'any',
  attempt?: string,
): Promise<void> {
  await bus.enqueueJob(queue, new TextEncoder().encode(JSON.stringify(job)), {
    msgId: `${queue}.${job.jobId}${attempt === undefined ? '' : `#${attempt}`}`,
    platform,
  });
}
