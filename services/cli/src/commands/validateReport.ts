import type { UnreadableInput } from '../readEventInputs.ts';
import type { Problem } from '@shiplog/events';

/** The outcome for one event read by `shiplog validate`. */
export interface ValidatedEvent {
  readonly file: string;
  readonly line: number;
  readonly index: number;
  readonly id: string | null;
  readonly type: string | null;
  readonly valid: boolean;
  readonly problems: readonly Problem[];
}

/** A file that could not be read at all (exit 1). */
export type { UnreadableInput } from '../readEventInputs.ts';

/** Everything `shiplog validate` found; also its `--json` document. */
export interface ValidateReport {
  readonly valid: boolean;
  readonly summary: { events: number; valid: number; invalid: number; unreadable: number };
  readonly events: readonly ValidatedEvent[];
  readonly unreadable: readonly UnreadableInput[];
}

/** Builds the report, with its summary, from per-event results. */
export function validateReport(
  events: readonly ValidatedEvent[],
  unreadable: readonly UnreadableInput[],
): ValidateReport {
  const valid = events.filter((e) => e.valid).length;
  return {
    valid: valid === events.length && unreadable.length === 0,
    summary: { events: events.length, valid, invalid: events.length - valid, unreadable: unreadable.length },
    events,
    unreadable,
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** One line per event (`file:line  id  type  ok`), problems indented beneath, then a summary. */
export function formatReport(report: ValidateReport): string {
  const lines: string[] = [];
  for (const e of report.events) {
    lines.push(`${e.file}:${e.line}  ${e.id ?? '-'}  ${e.type ?? '-'}  ${e.valid ? 'ok' : 'invalid'}`);
    for (const p of e.problems)
      lines.push(`    ${p.path === '' ? '(event)' : p.path}  ${p.message}  [${p.code}]`);
  }
  const { summary } = report;
  let text = `${plural(summary.events, 'event')}: ${summary.valid} valid, ${summary.invalid} invalid`;
  if (summary.unreadable > 0) text += `; ${plural(summary.unreadable, 'input')} unreadable`;
  lines.push(text);
  return lines.join('\n') + '\n';
}
