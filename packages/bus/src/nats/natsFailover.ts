import type { NatsConnection } from '@nats-io/transport-node';
import type { PublishAck } from '../bus.ts';
import type { BusLogger } from '../busLogger.ts';
import { BusError, BusErrorCode } from '../errors.ts';

/** How long a publish keeps trying while a clustered stream elects a new leader. */
export interface FailoverOptions {
  /** Longest time to keep retrying one publish (default 30 s; a JetStream election takes seconds). */
  readonly failoverMs?: number;
}

export const defaultFailoverMs = 30_000;

/**
 * Runs one JetStream publish, repeating it while a clustered stream changes leader (on a single
 * server nothing is repeated: there are no elections, and errors mean what they say):
 * - `503 no responders` means no replica leads the stream right now; the message was not stored.
 * - A timeout may hide a stored message, so it is repeated only with a msgId: the stream's
 *   duplicate window drops the second copy and acknowledges it as a duplicate.
 * Any other error, or the same one past `failoverMs`, is thrown as it came.
 */
export async function publishThroughFailover(
  nc: NatsConnection,
  what: { readonly subject: string; readonly msgId: string | undefined },
  options: FailoverOptions & { readonly logger: BusLogger },
  attempt: () => Promise<PublishAck>,
): Promise<PublishAck> {
  const failoverMs = options.failoverMs ?? defaultFailoverMs;
  const deadline = Date.now() + failoverMs;
  for (let delay = 50, retries = 0; ; delay = Math.min(delay * 2, 1_000), retries += 1) {
    try {
      const ack = await attempt();
      if (retries === 0) return ack;
      options.logger.warn({ subject: what.subject, retries }, 'bus publish went through after retries');
      return { ...ack, retried: true };
    } catch (err) {
      if (!(err instanceof BusError) || !repeatable(nc, err, what.msgId)) throw err;
      if (Date.now() + delay > deadline) {
        throw new BusError(
          err.code,
          `${err.message} (still failing after ${failoverMs} ms of retries: is the cluster electing a leader without a majority of its nodes?)`,
          { cause: err },
        );
      }
      if (retries === 0) {
        options.logger.warn(
          { subject: what.subject, code: err.code },
          'bus publish retrying (leader change?)',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

function repeatable(nc: NatsConnection, err: BusError, msgId: string | undefined): boolean {
  // A single server has no elections: there, both mean what they say, at once.
  if (nc.isClosed() || nc.info?.cluster === undefined) return false;
  return err.code === BusErrorCode.NoStream || (err.code === BusErrorCode.Timeout && msgId !== undefined);
}
