import type { Consumption, DeliveredMessage } from '@shiplog/bus';
import type { z } from 'zod';
import { handleBuildJob } from './buildWorker.ts';
import { buildJob, sbomJob, signJob, WorkerQueue } from './jobs.ts';
import { handleSbomJob } from './sbomWorker.ts';
import { handleSignJob } from './signWorker.ts';
import type { WorkerContext } from './workerContext.ts';

export type WorkerKind = WorkerQueue;

/** The job queues a bus must declare for the workers (`topology.jobQueues`). */
export const workerJobQueues: readonly string[] = Object.values(WorkerQueue);

export interface StartWorkerOptions {
  /**
   * The platform labels this runner takes jobs for (default `any`); jobs of other platforms are
   * never delivered here. A linux-x64 build runner lists both `any` and `linux-x64`.
   */
  readonly platforms?: readonly string[];
  readonly ackWaitMs?: number;
  readonly maxDeliver?: number;
  /** Called after each job with what it ended with (tests and progress reporting). */
  readonly onOutcome?: (outcome: { readonly jobId: string; readonly result: unknown }) => void;
  /** Called when a job throws (it will be redelivered): its message id (`<queue>.<job id>`) and the error. */
  readonly onError?: (failure: { readonly msgId: string | undefined; readonly error: unknown }) => void;
}

type Handler = (message: DeliveredMessage, ctx: WorkerContext) => Promise<{ jobId: string; result: unknown }>;

function handlerFor<S extends z.ZodType<{ jobId: string }>>(
  schema: S,
  handle: (job: z.infer<S>, ctx: WorkerContext, working: () => void) => Promise<unknown>,
): Handler {
  return async (message, ctx) => {
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder().decode(message.data));
    } catch {
      value = undefined;
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const reason = `malformed job: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(job)'} ${i.message}`).join('; ')}`;
      // Kept in the rejected log with its reason; acknowledged, so it leaves the queue and is never retried.
      await ctx.bus.reject(message.data, reason, message.headers);
      return { jobId: message.msgId ?? `seq-${message.seq}`, result: { status: 'rejected', reason } };
    }
    const job = parsed.data;
    return { jobId: job.jobId, result: await handle(job, ctx, () => message.working()) };
  };
}

const handlers: Readonly<Record<WorkerKind, Handler>> = {
  [WorkerQueue.Build]: handlerFor(buildJob, handleBuildJob),
  [WorkerQueue.Sbom]: handlerFor(sbomJob, handleSbomJob),
  [WorkerQueue.Sign]: handlerFor(signJob, handleSignJob),
};

/**
 * Starts one worker of `kind` on the bus: a durable consumer of its work queue shared by every
 * replica, so any number can run; a job whose worker dies unacknowledged is redelivered after
 * `ackWaitMs`. A job that throws is retried; a malformed one goes to the rejected log.
 */
export async function startWorker(
  kind: WorkerKind,
  ctx: WorkerContext,
  options: StartWorkerOptions = {},
): Promise<Consumption> {
  const handle = handlers[kind];
  const logger = ctx.logger.child({ worker: kind, runner: ctx.runner });
  const consumptions: Consumption[] = [];
  try {
    for (const platform of options.platforms ?? ['any']) {
      consumptions.push(await consume(kind, platform, handle, ctx, logger, options));
    }
  } catch (err) {
    await Promise.allSettled(consumptions.map((c) => c.stop()));
    throw err;
  }
  return { stop: async () => void (await Promise.all(consumptions.map((c) => c.stop()))) };
}

function consume(
  kind: WorkerKind,
  platform: string,
  handle: Handler,
  ctx: WorkerContext,
  logger: WorkerContext['logger'],
  options: StartWorkerOptions,
): Promise<Consumption> {
  return ctx.bus.consumeJobs(
    kind,
    {
      platform,
      ...(options.ackWaitMs === undefined ? {} : { ackWaitMs: options.ackWaitMs }),
      ...(options.maxDeliver === undefined ? {} : { maxDeliver: options.maxDeliver }),
    },
    async (message) => {
      try {
        const outcome = await handle(message, ctx);
        logger.info({ job: outcome.jobId, delivery: message.deliveryCount }, 'job done');
        options.onOutcome?.(outcome);
      } catch (err) {
        logger.error({ err, msgId: message.msgId, delivery: message.deliveryCount }, 'job failed');
        options.onError?.({ msgId: message.msgId, error: err });
        throw err;
      }
    },
  );
}
