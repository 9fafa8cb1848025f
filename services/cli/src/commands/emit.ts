import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fromStructuredCloudEvent, isStructuredCloudEvent } from '@shiplog/events';
import { natsOptionsOf, parseShiplogConfig } from '@shiplog/config';
import { ProducerIdentity } from '@shiplog/ledger';
import type { RecordAnswer } from '@shiplog/ledger';
import { createEmitter, emitManySettled } from '@shiplog/sdk';
import type { Emittable, Emitter, FailedEmit } from '@shiplog/sdk';
import { openStore } from '@shiplog/store';
import type { EventStore } from '@shiplog/store';
import type { Command, CommandIo } from '../command.ts';
import { UsageError } from '../command.ts';
import { ExitCode } from '../exitCodes.ts';
import { readEventInputs } from '../readEventInputs.ts';
import type { SourcedDocument } from '../readEventInputs.ts';
import { emitReport, formatEmitReport } from './emitReport.ts';
import type { EmittedEvent } from './emitReport.ts';
import { createProgress } from '../progress.ts';
import { withWaitingNotice } from './emitWaiting.ts';

const usage = `usage: shiplog emit [--json] [--concurrency N] [FILE…|-]

Records CDEvents (one JSON event, a JSON array of events, or NDJSON; a structured-mode CloudEvent
is unwrapped to the CDEvent in its data) and waits for the ledger's
answer to each: recorded (with its position and any violations found), duplicate, or refused.
With SHIPLOG_NATS_URL set, events go over NATS JetStream to the ingest service; without it they
are recorded straight into the embedded store (SHIPLOG_STORE, default sqlite:./.shiplog/ledger.db)
through the same validate-decide-append path.

Over NATS each answer is awaited SHIPLOG_EMIT_ANSWER_TIMEOUT_MS (default 10000) and asked again
with the same event id, 5 times in all; after 5 s without an answer a line on stderr says so. An
event that never got its answer is reported as failed (also with --json); it may still be
recorded once ingest runs, and emitting it again is safe.

options:
  --json            print one JSON document on stdout
  --concurrency N   events in flight at once over NATS (default 64)
exit: 0 every event recorded or duplicate, 3 any refused, 1 failure (any without an answer),
      2 usage error`;

function parse(args: readonly string[]): { json: boolean; concurrency: number; inputs: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { json: { type: 'boolean', default: false }, concurrency: { type: 'string', default: '64' } },
      allowPositionals: true,
      strict: true,
    });
    const concurrency = Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 4096) {
      throw new UsageError('--concurrency takes a whole number from 1 to 4096');
    }
    return { json: values.json, concurrency, inputs: positionals };
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(err instanceof Error ? err.message : String(err), { cause: err });
  }
}

export async function openEmitter(io: CommandIo): Promise<{ emitter: Emitter; store?: EventStore }> {
  const config = parseShiplogConfig(io.env);
  const nats = natsOptionsOf(config, 'shiplog-emit');
  if (nats !== undefined) {
    const { servers, ...rest } = nats;
    const emitter = await createEmitter({
      natsUrl: typeof servers === 'string' ? servers : servers.join(','),
      answerTimeoutMs: config.SHIPLOG_EMIT_ANSWER_TIMEOUT_MS,
      ...rest,
    });
    return { emitter: withWaitingNotice(emitter, io.stderr) };
  }
  if (config.SHIPLOG_STORE.startsWith('sqlite:')) {
    await mkdir(dirname(resolve(io.cwd, config.SHIPLOG_STORE.slice('sqlite:'.length))), { recursive: true });
  }
  const store = await openStore(config.SHIPLOG_STORE, { cwd: io.cwd });
  const policy = { approvalEnvironments: config.SHIPLOG_APPROVAL_ENVIRONMENTS };
  return { emitter: await createEmitter({ store, policy, producer: ProducerIdentity.Local }), store };
}

function emittable(sourced: SourcedDocument): Emittable | RecordAnswer {
  const { document } = sourced;
  if (!document.ok) return { status: 'refused', problems: document.problems };
  // A structured-mode CloudEvent is unwrapped as HTTP and NATS unwrap it: the CDEvent is its `data`.
  if (isStructuredCloudEvent(document.value)) {
    const read = fromStructuredCloudEvent(document.value);
    if (!read.ok) return { status: 'refused', problems: read.problems };
    return { text: JSON.stringify(document.value.data) };
  }
  return { text: JSON.stringify(document.value) };
}

async function run(args: readonly string[], io: CommandIo): Promise<ExitCode> {
  const options = parse(args);
  const { documents, unreadable } = await readEventInputs(options.inputs, io);
  for (const u of unreadable) io.stderr.write(`shiplog emit: cannot read ${u.file}: ${u.message}\n`);
  if (unreadable.length > 0) return ExitCode.Failure;
  const { emitter, store } = await openEmitter(io);
  const progress = createProgress(io.stderr, 'emit', documents.length);
  const prepared = documents.map(emittable);
  const sendable = prepared.flatMap((p, index) => ('status' in p ? [] : [{ p, index }]));
  const answers: (RecordAnswer | FailedEmit | undefined)[] = prepared.map((p) =>
    'status' in p ? p : undefined,
  );
  try {
    const sent = await emitManySettled(
      emitter,
      sendable.map((s) => s.p),
      { concurrency: options.concurrency, onAnswer: () => progress.tick(), onFailure: () => progress.tick() },
    );
    sent.forEach((answer, i) => (answers[(sendable[i] as { index: number }).index] = answer));
  } finally {
    progress.done();
    await emitter.close();
    await store?.close();
  }
  const results: EmittedEvent[] = documents.map((sourced, i) => ({
    file: sourced.file,
    line: sourced.document.line,
    index: sourced.document.index,
    answer: answers[i] as RecordAnswer | FailedEmit,
  }));
  const report = emitReport(results);
  io.stdout.write(options.json ? JSON.stringify(report) + '\n' : formatEmitReport(report));
  if (report.summary.failed > 0) return ExitCode.Failure;
  return report.summary.refused > 0 ? ExitCode.Refused : ExitCode.Done;
}

/** `shiplog emit [FILE…|-]`: records events and waits for the ledger's answer to each. */
export const emitCommand: Command = {
  name: 'emit',
  summary: "record CDEvents; waits for the ledger's answer",
  usage,
  run,
};
