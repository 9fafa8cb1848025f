import type { CDEvent } from '@shiplog/events';
import type { RecordAnswer, Recorder } from '@shiplog/ledger';
import type { EventStore } from '@shiplog/store';
import { WorkerError, WorkerErrorCode } from './errors.ts';

/**
 * Records one job outcome. Outcome ids derive from the job id, so a redelivered job (or a second
 * worker racing on the same job after an ack deadline) finds the outcome recorded and adds nothing:
 * the same id with a later timestamp is the same outcome, not a new one.
 */
export async function recordOutcome(
  recorder: Recorder,
  store: EventStore,
  event: CDEvent,
): Promise<RecordAnswer> {
  const answer = await recorder.record({ value: event, producer: 'shiplog-workers' });
  if (answer.status !== 'refused') return answer;
  if (answer.problems.some((p) => (p.code as string) === 'EVENT_ID_REUSED')) {
    const recorded = await store.readEvent(event.context.id);
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
  throw new WorkerError(WorkerErrorCode.OutcomeRefused, `the ledger refused ${event.context.id}: ${detail}`);
}
