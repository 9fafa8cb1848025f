import { releaseIds } from '@shiplog/ledger';
import { buildEvent } from '@shiplog/sdk';
import { readOwnEvent } from './readOwnEvent.ts';
import { recordOutcome } from './recordOutcome.ts';
import type { WorkerContext } from './workerContext.ts';

/** A build that failed: on a build worker, or on a CI matrix job that reported it. */
export interface BuildFailure {
  readonly jobId: string;
  /** `<release>/<version>/<package>` */
  readonly subjectId: string;
  readonly timestamp: string | Date;
  readonly code: string;
  readonly message: string;
  readonly runner: string;
  readonly source: string;
}

/**
 * Records `<jobId>.failed` (a failed `build.finished`), which the release runner, waiting on the
 * ledger's facts (`awaitFact`), stops on at once. Recorded once; a later failure of the same job has nothing new to say.
 */
export async function recordBuildFailure(ctx: WorkerContext, failure: BuildFailure): Promise<void> {
  if ((await readOwnEvent(ctx.store, releaseIds.buildFailed(failure.jobId))) !== undefined) return;
  const event = buildEvent('dev.cdevents.build.finished.0.3.0', {
    id: releaseIds.buildFailed(failure.jobId),
    source: failure.source,
    timestamp: failure.timestamp,
    subjectId: failure.subjectId,
    content: {},
    customData: {
      outcome: 'failure',
      code: failure.code,
      message: failure.message.slice(0, 2_000),
      runner: failure.runner,
    },
  });
  await recordOutcome(ctx, event);
}
