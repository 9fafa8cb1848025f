import { randomBytes } from 'node:crypto';
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import { BusError, BusErrorCode } from '../errors.ts';
import { answerSubject } from '../topology.ts';
import type { Topology } from '../topology.ts';
import { translateNatsError } from './natsErrors.ts';

/** The answers to one emitter's events, all on one subscription. */
export interface AnswerInbox {
  /** The route this emitter names in its events (`ANSWER_ROUTE_HEADER`). */
  readonly route: string;
  /** Starts listening for the answer to `msgId`; call it before publishing the event. */
  wait(msgId: string, timeoutMs: number): AnswerWait;
}

export interface AnswerWait {
  readonly answer: Promise<Uint8Array>;
  /** Stops listening (after the answer came, or when it is no longer wanted). */
  cancel(): void;
}

interface Waiter {
  resolve(data: Uint8Array): void;
  reject(err: BusError): void;
}

/**
 * One subscription to `<answers>.<sender>.*.<route>` for every answer this connection waits for. A
 * subscription per event cost a SUB and an UNSUB each (and nats-server a change of its interest
 * graph); this one is made on the first wait and made again if the server ends it.
 */
export function createAnswerInbox(nc: NatsConnection, topology: Topology, sender: string): AnswerInbox {
  const route = randomBytes(12).toString('base64url');
  const waiting = new Map<string, Set<Waiter>>();
  let subscription: Subscription | undefined;

  const failAll = (err: BusError): void => {
    const all = [...waiting.values()];
    waiting.clear();
    for (const waiters of all) for (const w of waiters) w.reject(err);
  };
  const listen = (): void => {
    if (subscription !== undefined && !subscription.isClosed()) return;
    const current = nc.subscribe(`${topology.subjects.answers}.${sender}.*.${route}`, {
      callback(err: Error | null, msg: Msg) {
        if (err !== null) return failAll(translateNatsError(err, 'cannot receive answers'));
        const waiters = waiting.get(msg.subject);
        if (waiters === undefined) return; // a repeat, or an answer nobody waits for any more
        waiting.delete(msg.subject);
        for (const w of waiters) w.resolve(msg.data);
      },
    });
    subscription = current;
    void current.closed.then(() => {
      if (subscription === current) subscription = undefined;
      failAll(new BusError(BusErrorCode.Closed, 'stopped waiting for answers: the subscription ended'));
    });
  };

  return {
    route,
    wait(msgId, timeoutMs) {
      listen();
      const subject = answerSubject(topology, sender, msgId, route);
      let waiter: Waiter | undefined;
      let timer: NodeJS.Timeout | undefined;
      const forget = (): void => {
        clearTimeout(timer);
        const waiters = waiting.get(subject);
        if (waiter === undefined || waiters === undefined) return;
        waiters.delete(waiter);
        if (waiters.size === 0) waiting.delete(subject);
      };
      const answer = new Promise<Uint8Array>((resolve, reject) => {
        waiter = {
          resolve: (data) => (clearTimeout(timer), resolve(data)),
          reject: (err) => (clearTimeout(timer), reject(err)),
        };
        const waiters = waiting.get(subject) ?? new Set<Waiter>();
        waiters.add(waiter);
        waiting.set(subject, waiters);
        timer = setTimeout(() => {
          forget();
          reject(new BusError(BusErrorCode.Timeout, `no answer on ${subject} within ${timeoutMs} ms`));
        }, timeoutMs);
      });
      // The caller may never await `answer` (the stored answer was found), so keep rejections handled.
      answer.catch(() => undefined);
      return { answer, cancel: forget };
    },
  };
}
