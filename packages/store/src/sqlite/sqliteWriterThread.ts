import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { StoreError, StoreErrorCode } from '../errors.ts';
import type { BatchAppend } from '../eventStore.ts';
import type { SqliteWriter } from './sqliteWriter.ts';
import { deserializeError, restoreResult } from './sqliteWriterProtocol.ts';
import type { SlimResult, WriterReply, WriterRequest, WriterThreadData } from './sqliteWriterProtocol.ts';

// The same extension as this module: `.ts` when run from source, `.js` once compiled.
const workerUrl = new URL(`./sqliteWriterWorker${extname(fileURLToPath(import.meta.url))}`, import.meta.url);

interface Waiting {
  resolve(value: SlimResult | SlimResult[] | null): void;
  reject(err: StoreError): void;
}

/** A writer thread, for tests that must stop it the hard way. */
export interface ThreadWriter extends SqliteWriter {
  /** Stops the thread at once, as a crash would; writes in flight fail with STORE_UNAVAILABLE. */
  terminate(): Promise<void>;
}

/**
 * Writes through a worker thread that owns its own connection to the ledger, started on the first
 * write. If the thread dies, the writes in flight fail with STORE_UNAVAILABLE (each committed
 * whole or not at all: SQLite rolls an unfinished transaction back) and the next write starts a
 * new thread.
 */
export function createThreadWriter(data: WriterThreadData): ThreadWriter {
  const waiting = new Map<number, Waiting>();
  let worker: Worker | undefined;
  let nextId = 0;
  let closing: Promise<void> | undefined;

  function stopped(which: Worker, cause: unknown): void {
    if (worker !== which) return;
    worker = undefined;
    const err =
      closing === undefined
        ? new StoreError(
            StoreErrorCode.Unavailable,
            'the ledger writer thread stopped; a write in flight was committed whole or not at all',
            { cause },
          )
        : new StoreError(StoreErrorCode.Closed, 'the event store is closed', { cause });
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  }

  function start(): Worker {
    const started = new Worker(workerUrl, { workerData: data });
    started.unref();
    started.on('message', (reply: WriterReply) => {
      const w = waiting.get(reply.id);
      if (w === undefined) return;
      waiting.delete(reply.id);
      // Only writes in flight keep the process alive, as an inline write would.
      if (waiting.size === 0) started.unref();
      if (reply.ok) w.resolve(reply.value);
      else w.reject(deserializeError(reply.error));
    });
    started.on('error', (err) => stopped(started, err));
    started.on('exit', (code) => stopped(started, new Error(`the writer thread exited with code ${code}`)));
    return started;
  }

  function send(request: WriterRequest): Promise<SlimResult | SlimResult[] | null> {
    if (closing !== undefined) {
      return Promise.reject(new StoreError(StoreErrorCode.Closed, 'the event store is closed'));
    }
    worker ??= start();
    const target = worker;
    return new Promise((resolve, reject) => {
      if (waiting.size === 0) target.ref();
      waiting.set(request.id, { resolve, reject });
      target.postMessage(request);
    });
  }

  return {
    async append(streamId, events, expected, recordedAt) {
      const request = { id: nextId++, op: 'append', streamId, events, expected, recordedAt } as const;
      return restoreResult((await send(request)) as SlimResult, streamId, events);
    },
    async appendBatch(appends, recordedAt) {
      const slim = (await send({ id: nextId++, op: 'appendBatch', appends, recordedAt })) as SlimResult[];
      return slim.map((result, i) => {
        const { streamId, events } = appends[i] as BatchAppend;
        return restoreResult(result, streamId, events);
      });
    },
    async setMetadata(streamId, json) {
      await send({ id: nextId++, op: 'setMetadata', streamId, json });
    },
    close() {
      closing ??= (async () => {
        const current = worker;
        if (current === undefined) return;
        current.ref();
        const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
        // Queued behind every write already sent, so those finish first.
        current.postMessage('close');
        await exited;
      })();
      return closing;
    },
    async terminate() {
      await worker?.terminate();
    },
  };
}
