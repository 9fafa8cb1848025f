import type { CDEvent } from '@shiplog/events';
import { ProducerIdentity } from '@shiplog/ledger';
import type { RecordAnswer } from '@shiplog/ledger';
import { WorkerError, WorkerErrorCode } from './errors.ts';
import type { WorkerContext } from './workerContext.ts';
import { readOwnEvent } from './readOwnEvent.ts';

/** The producer every worker and release-runner outcome is recorded as; facts they trust carry it. */
export const WORKERS_PRODUCER = ProducerIdentity.Workers;

/**
 * Records one job outcome, every configured credential redacted from it first (the one place
 * worker and release facts enter the ledger). Outcome ids derive from the job id, so a redelivered
 * job (or a second worker racing on the same job after an ack deadline) finds the outcome recorded
 * and adds nothing: the same id with a later timestamp is the same outcome, not a new one.
 */
export async function recordOutcome(
  ctx: Pick<WorkerContext, 'recorder' | 'store' | 'secrets'>,
  event: CDEvent,
): Promise<RecordAnswer> {
  const answer = await ctx.recorder.record({
    value: ctx.secrets.redactValue(event),
    producer: WORKERS_PRODUCER,
  });
  if (answer.status !== 'refused') return answer;
  if (answer.problems.some((p) => (p.code as string) === 'EVENT_ID_REUSED')) {
    const recorded = await readOwnEvent(ctx.store, event.context.id);
    if (recorded !== undefined) {
      return {
        status: 'duplicate',
        eventId: recorded.id,
        streamId: recorded.streamId,
        position: recorded.position,
      };
    }
  }
  const detail = answer.problems.map((p) => `${p.path} ${p.message}`).join('; ');
  throw new WorkerError(
    WorkerErrorCode.OutcomeRefused,
    ctx.secrets.redact(`the ledger refused ${event.context.id}: ${detail}`),
  );
}
