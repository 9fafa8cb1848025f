import type { RecordAnswer } from '@shiplog/ledger';

/** One event of the input and the ledger's answer to it. */
export interface EmittedEvent {
  readonly file: string;
  readonly line: number;
  readonly index: number;
  readonly answer: RecordAnswer;
}

export interface EmitReport {
  readonly summary: { recorded: number; duplicate: number; refused: number; violations: number };
  readonly events: readonly (Omit<EmittedEvent, 'answer'> & RecordAnswer)[];
}

export function emitReport(events: readonly EmittedEvent[]): EmitReport {
  const summary = { recorded: 0, duplicate: 0, refused: 0, violations: 0 };
  for (const { answer } of events) {
    summary[answer.status] += 1;
    if (answer.status === 'recorded') summary.violations += answer.violations.length;
  }
  return { summary, events: events.map(({ answer, ...where }) => ({ ...where, ...answer })) };
}

export function formatEmitReport(report: EmitReport): string {
  const lines: string[] = [];
  for (const e of report.events) {
    const where = `${e.file}:${e.line}`;
    if (e.status === 'refused') {
      lines.push(`${where}  ${e.eventId ?? '-'}  refused`);
      for (const p of e.problems) lines.push(`    ${p.path || '/'}  ${p.message}`);
    } else if (e.status === 'recorded' && e.violations.length > 0) {
      lines.push(`${where}  ${e.eventId}  recorded at ${e.position} in ${e.streamId}, with violations:`);
      for (const v of e.violations) lines.push(`    ${v.code}  ${v.message}`);
    }
  }
  const s = report.summary;
  const violations = s.violations === 1 ? '1 violation' : `${s.violations} violations`;
  lines.push(
    `${s.recorded} recorded, ${s.duplicate} duplicate, ${s.refused} refused (${violations} recorded)`,
  );
  return lines.join('\n') + '\n';
}
