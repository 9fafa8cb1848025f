import type { CDEvent, ParseResult } from '@shiplog/events';
import { inexactNumberProblems, oneEventObjectProblems, parseCDEvent } from '@shiplog/events';
import type { Submission } from './recorder.ts';

/**
 * Checks a submission against the contract. When it carries the producer's text (what the ledger
 * stores verbatim), that text must be exactly one event object with numbers a double holds
 * exactly, whichever way in built the submission: what is stored is what was judged.
 */
export function parseSubmission(submission: Submission): ParseResult<CDEvent> {
  if (submission.text !== undefined) {
    const problems = [...oneEventObjectProblems(submission.text), ...inexactNumberProblems(submission.text)];
    if (problems.length > 0) return { ok: false, problems };
  }
  return parseCDEvent(submission.value);
}
