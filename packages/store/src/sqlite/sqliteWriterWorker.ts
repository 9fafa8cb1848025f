// The writer thread: owns the ledger's write connection, so a commit's sync never blocks the
// thread that decodes, decides and answers. Requests run one at a time, in arrival order.
import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import { retryWhileBusy } from './sqliteBusy.ts';
import { applyPragmas } from './sqliteSchema.ts';
import { prepareStatements } from './sqliteStatements.ts';
import { createInlineWriter } from './sqliteWriter.ts';
import { serializeError, slimResult } from './sqliteWriterProtocol.ts';
import type { WriterReply, WriterRequest, WriterThreadData } from './sqliteWriterProtocol.ts';

const port = parentPort;
if (port === null) throw new Error('sqliteWriterWorker runs as a worker thread only');
const data = workerData as WriterThreadData;
const db = new DatabaseSync(data.path, { timeout: data.busyTimeoutMs });
const ready = retryWhileBusy(
  () => applyPragmas(db, data.synchronous),
  data.lockTimeoutMs,
  `open ${data.path}`,
);
const statements = prepareStatements(db);
const writer = createInlineWriter(() => statements, data.lockTimeoutMs);
// A connection that could not be set up is not retried here: the thread ends, the next write starts a new one.
let unusable = false;

async function perform(request: WriterRequest): Promise<WriterReply> {
  try {
    await ready;
  } catch (err) {
    unusable = true;
    return { id: request.id, ok: false, error: serializeError(err) };
  }
  try {
    switch (request.op) {
      case 'append': {
        const { streamId, events, expected, recordedAt } = request;
        return {
          id: request.id,
          ok: true,
          value: slimResult(await writer.append(streamId, events, expected, recordedAt)),
        };
      }
      case 'appendBatch':
        return {
          id: request.id,
          ok: true,
          value: (await writer.appendBatch(request.appends, request.recordedAt)).map(slimResult),
        };
      case 'setMetadata':
        await writer.setMetadata(request.streamId, request.json);
        return { id: request.id, ok: true, value: null };
    }
  } catch (err) {
    return { id: request.id, ok: false, error: serializeError(err) };
  }
}

let queue: Promise<unknown> = Promise.resolve();
port.on('message', (request: WriterRequest | 'close') => {
  if (request === 'close') {
    queue = queue.then(() => {
      db.close();
      port.close();
    });
    return;
  }
  queue = queue.then(async () => {
    port.postMessage(await perform(request));
    if (unusable) port.close();
  });
});
