import type { Emitter } from '@shiplog/sdk';

/** When and how often to say that answers are late. */
export interface WaitingNoticeOptions {
  /** Silence before the first notice (default 5 s). */
  readonly afterMs?: number;
  /** Between notices while still nothing comes (default 10 s). */
  readonly everyMs?: number;
}

/**
 * Wraps an emitter so that, while events wait and no answer has come for `afterMs`, a line on
 * stderr says so (again every `everyMs`): the emitter keeps retrying meanwhile, and a user learns
 * within seconds that ingest is down instead of after the last attempt.
 */
export function withWaitingNotice(
  emitter: Emitter,
  stderr: NodeJS.WritableStream,
  options: WaitingNoticeOptions = {},
): Emitter {
  const afterMs = options.afterMs ?? 5_000;
  const everyMs = options.everyMs ?? 10_000;
  let waiting = 0;
  let lastAnswer = Date.now();
  let lastNotice = 0;
  const timer = setInterval(
    () => {
      const now = Date.now();
      const silent = now - lastAnswer;
      if (waiting === 0 || silent < afterMs || now - lastNotice < everyMs) return;
      lastNotice = now;
      const events = waiting === 1 ? '1 event waits' : `${waiting} events wait`;
      stderr.write(
        `shiplog emit: no answer yet from ingest after ${Math.round(silent / 1000)} s, still retrying ` +
          `(${events}; is \`shiplog serve ingest\` running against this NATS and namespace?)\n`,
      );
    },
    Math.max(50, Math.min(1_000, afterMs / 4)),
  );
  timer.unref();
  return {
    async emit(event) {
      if (waiting === 0) lastAnswer = Date.now();
      waiting += 1;
      try {
        return await emitter.emit(event);
      } finally {
        waiting -= 1;
        lastAnswer = Date.now();
      }
    },
    async close() {
      clearInterval(timer);
      await emitter.close();
    },
  };
}
