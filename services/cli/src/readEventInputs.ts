import { EventsErrorCode, readEventDocuments } from '@shiplog/events';
import type { EventDocument } from '@shiplog/events';
import type { CommandIo } from './command.ts';
import { UsageError } from './command.ts';
import { readInput } from './readInput.ts';

/** Largest input a command reads from one file or stdin. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** One event document and the file it came from. */
export interface SourcedDocument {
  readonly file: string;
  readonly document: EventDocument;
}

export interface UnreadableInput {
  readonly file: string;
  readonly message: string;
}

/**
 * Reads the events named on a command line (files, or `-` for stdin; stdin when none is named and
 * it is not a terminal) as JSON, JSON arrays or NDJSON, each document bounded and checked.
 */
export async function readEventInputs(
  names: readonly string[],
  io: CommandIo,
): Promise<{ documents: SourcedDocument[]; unreadable: UnreadableInput[] }> {
  let inputs = [...names];
  if (inputs.length === 0) {
    if ((io.stdin as { isTTY?: boolean }).isTTY === true)
      throw new UsageError('no input: name FILE… or - for stdin');
    inputs = ['-'];
  }
  if (inputs.filter((i) => i === '-').length > 1) throw new UsageError('stdin (-) can be read only once');
  const documents: SourcedDocument[] = [];
  const unreadable: UnreadableInput[] = [];
  for (const input of inputs) {
    const file = input === '-' ? '<stdin>' : input;
    let read;
    try {
      read = await readInput(input, io.stdin, io.cwd, MAX_INPUT_BYTES);
    } catch (err) {
      unreadable.push({ file, message: err instanceof Error ? err.message : String(err) });
      continue;
    }
    const docs: EventDocument[] = read.truncated
      ? [
          {
            ok: false,
            line: 1,
            index: 0,
            problems: [
              {
                path: '',
                code: EventsErrorCode.DocumentTooLarge,
                message: `input is larger than ${MAX_INPUT_BYTES} bytes`,
              },
            ],
          },
        ]
      : readEventDocuments(read.bytes, { maxInputBytes: MAX_INPUT_BYTES });
    for (const document of docs) documents.push({ file, document });
  }
  return { documents, unreadable };
}
