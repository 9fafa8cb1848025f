import type { RecordAnswer } from '@shiplog/ledger';
import type { FailedEmit } from '@shiplog/sdk';

/** One event of the input and the ledger's answer to it, or why none came. */
export interface EmittedEvent {
  readonly file: string;
  readonly line: number;
  readonly index: number;
  readonly answer: RecordAnswer | FailedEmit;
}

/** An event that got no answer: the error's code and message. */
export interface UnansweredEvent {
  readonly status: 'failed';
  readonly code: string;
  readonly message: string;
}

export interface EmitReport {
  readonly summary: {
    recorded: number;
    duplicate: number;
    refused: number;
    /** Events without an answer (not refused: they may be recorded later; emitting them again is safe). */
    failed: number;
    violations: number;
  };
  readonly events: readonly (Omit<EmittedEvent, 'answer'> & (RecordAnswer | UnansweredEvent))[];
}

export function emitReport(events: readonly EmittedEvent[]): EmitReport {
  const summary = { recorded: 0, duplicate: 0, refused: 0, failed: 0, violations: 0 };
  for (const { answer } of events) {
    summary[answer.status] += 1;
    if (answer.status === 'recorded') summary.violations += answer.violations.length;
  }
  return {
    summary,
    events: events.map(({ answer, ...where }) =>
      answer.status === 'failed'
        ? { ...where, status: 'failed', code: answer.error.code, message: answer.error.message }
        : { ...where, ...answer },
    ),
  };
}

export function formatEmitReport(report: EmitReport): string {
  const lines: string[] = [];
  for (const e of report.events) {
    const where = `${e.file}:${e.line}`;
    if (e.status === 'failed') {
      lines.push(`${where}  no answer (${e.code}): ${e.message}`);
    } else if (e.status === 'refused') {
      lines.push(`${where}  ${e.eventId ?? '-'}  refused`);
      for (const p of e.problems) lines.push(`    ${p.path || '/'}  ${p.message}`);
    } else if (e.status === 'recorded' && e.violations.length > 0) {
      lines.push(`${where}  ${e.eventId}  recorded at ${e.position} in ${e.streamId}, with violations:`);
      for (const v of e.violations) lines.push(`    ${v.code}  ${v.message}`);
    }
  }
  const s = report.summary;
  const violations = s.violations === 1 ? '1 violation' : `${s.violations} violations`;
  const failed = s.failed === 0 ? '' : `, ${s.failed} without an answer`;
  lines.push(
    `${s.recorded} recorded, ${s.duplicate} duplicate, ${s.refused} refused${failed} (${violations} recorded)`,
  );
  return lines.join('\n') + '\n';
}
