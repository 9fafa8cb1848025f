import { parseArgs } from 'node:util';
import { fromStructuredCloudEvent, isStructuredCloudEvent, parseCDEvent } from '@shiplog/events';
import type { EventDocument } from '@shiplog/events';
import type { Command, CommandIo } from '../command.ts';
import { UsageError } from '../command.ts';
import { ExitCode } from '../exitCodes.ts';
import { readEventInputs } from '../readEventInputs.ts';
import { formatReport, validateReport } from './validateReport.ts';
import type { ValidatedEvent } from './validateReport.ts';

const usage = `usage: shiplog validate [--json] [FILE…|-]

Checks CDEvents (one JSON event, a JSON array of events, or NDJSON) against the contract, offline.
A structured-mode CloudEvent (1.0 or 0.3) is checked with the CDEvent in its data; events of
CDEvents spec 0.3.0-0.4.1 are read through the upcaster, as the ledger reads them.
Reads stdin when FILE is - or when no FILE is given and stdin is not a terminal.

options:
  --json   print one JSON document on stdout
exit: 0 all valid, 3 any invalid, 1 a file could not be read, 2 usage error`;

function field(value: unknown, key: 'id' | 'type'): string | null {
  if (value === null || typeof value !== 'object') return null;
  const context = (value as { context?: unknown }).context;
  if (context === null || typeof context !== 'object') return null;
  const found = (context as Record<string, unknown>)[key];
  return typeof found === 'string' ? found : null;
}

function validateDocument(file: string, doc: EventDocument): ValidatedEvent {
  const base = { file, line: doc.line, index: doc.index };
  if (!doc.ok) return { ...base, id: null, type: null, valid: false, problems: doc.problems };
  // A structured-mode CloudEvent is read as HTTP and NATS read it: the CDEvent is its `data`.
  const structured = isStructuredCloudEvent(doc.value);
  const result = structured ? fromStructuredCloudEvent(doc.value) : parseCDEvent(doc.value);
  const sent = structured ? doc.value.data : doc.value;
  const id = field(sent, 'id');
  const type = field(sent, 'type');
  return result.ok
    ? { ...base, id, type, valid: true, problems: [] }
    : { ...base, id, type, valid: false, problems: result.problems };
}

function parse(args: readonly string[]): { json: boolean; inputs: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { json: { type: 'boolean', default: false } },
      allowPositionals: true,
      strict: true,
    });
    return { json: values.json, inputs: positionals };
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err), { cause: err });
  }
}

async function run(args: readonly string[], io: CommandIo): Promise<ExitCode> {
  const options = parse(args);
  const { documents, unreadable } = await readEventInputs(options.inputs, io);
  const events: ValidatedEvent[] = documents.map(({ file, document }) => validateDocument(file, document));
  const report = validateReport(events, unreadable);
  if (options.json) {
    io.stdout.write(JSON.stringify(report) + '\n');
  } else {
    for (const u of unreadable) io.stderr.write(`shiplog validate: cannot read ${u.file}: ${u.message}\n`);
    io.stdout.write(formatReport(report));
  }
  if (unreadable.length > 0) return ExitCode.Failure;
  return report.summary.invalid > 0 ? ExitCode.Refused : ExitCode.Done;
}

/** `shiplog validate [FILE…|-]`: checks events against the contract, offline. */
export const validateCommand: Command = {
  name: 'validate',
  summary: 'check events against the contract, offline',
  usage,
  run,
};
