import type { CDEvent } from '@shiplog/events';
import type { AppendResult, EventStore, NewEvent } from '@shiplog/store';
import { StoreError, StoreErrorCode, eventKey } from '@shiplog/store';
import { contentDigest } from './canonicalJson.ts';
import { decide as decideFact, evolve, rollbackOf, violationsOf } from './decider.ts';
import { parseSubmission } from './parseSubmission.ts';
import { factOf, originOf } from './ledgerFact.ts';
import type { LedgerFact } from './ledgerFact.ts';
import { emptyView } from './ledgerView.ts';
import { readFact } from './readFact.ts';
import type { LedgerView } from './ledgerView.ts';
import { duplicateOf, refusedAsReused, sameContent } from './recordAnswer.ts';
import type { RecordAnswer } from './recordAnswer.ts';
import { ProducerIdentity } from './producerIdentity.ts';
import { streamFor } from './streamFor.ts';
import { moveSquattedViolations } from './moveSquattedViolations.ts';
import { reservedProblems } from './reservedProblems.ts';
import { rollbackDecisionEvent } from './rollbackDecision.ts';
import { LEDGER_SOURCE, violationEvent } from './violationEvent.ts';
import { defaultLedgerPolicy } from './violations.ts';
import type { LedgerPolicy, Violation } from './violations.ts';

export type { RecordAnswer } from './recordAnswer.ts';

/** One event as submitted: its parsed JSON and, when known, the producer's exact text. */
export interface Submission {
  readonly value: unknown;
  readonly text?: string;
  readonly producer?: string;
  /**
   * Sent in by an emitter (ingest, POST /v1/events, `shiplog emit`): then what shiplog itself
   * records (gate decisions, policy violations, its own source) is refused. Shiplog's own paths
   * (gates, workers) leave it out.
   */
  readonly fromEmitter?: boolean;
}

export interface Recorder {
  /** Validates, judges and records one event: the single path every producer's event takes. */
  record(submission: Submission): Promise<RecordAnswer>;
  /** The evidence the ledger judges by, caught up with the store. */
  view(): Promise<LedgerView>;
}

export interface RecorderOptions {
  readonly store: EventStore;
  readonly policy?: LedgerPolicy;
  /** Who submits when a submission does not say. */
  readonly producer?: string;
  /** Most events decided and committed together (default 256). */
  readonly maxBatch?: number;
}

interface Decided {
  readonly index: number;
  readonly event: CDEvent;
  readonly streamId: string;
  readonly events: NewEvent[];
  readonly violations: readonly Violation[];
}

interface Pending {
  readonly submission: Submission;
  resolve(answer: RecordAnswer): void;
  reject(err: unknown): void;
}

function idOf(value: unknown): string | undefined {
  const context = (value as { context?: { id?: unknown } } | null)?.context;
  return typeof context?.id === 'string' ? context.id : undefined;
}

/** A submission's fact key, (source, id), as far as its JSON names them. */
function keyOf(value: unknown): string {
  const context = (value as { context?: { source?: unknown } } | null)?.context;
  return eventKey(typeof context?.source === 'string' ? context.source : '', idOf(value) ?? '');
}

/** An event the ledger records itself (a violation, a rollback decision), under its own source. */
function ledgerRecord(event: CDEvent): NewEvent {
  return {
    id: event.context.id,
    source: LEDGER_SOURCE,
    type: event.context.type,
    data: JSON.stringify(event),
    producer: ProducerIdentity.Ledger,
  };
}

/** A parsed event's fact key: CDEvents makes (source, id) unique, not the id alone. */
function factKey(event: CDEvent): string {
  return eventKey(event.context.source, event.context.id);
}

/**
 * Creates the recorder: validate → decide (route and judge against the evidence recorded so far)
 * → append the fact and its violations atomically to the fact's stream. Submissions that arrive
 * together are decided in order and committed together (group commit: one transaction, one sync),
 * and every judgement sees every fact recorded before it, by this process or any other.
 */
export function createRecorder(options: RecorderOptions): Recorder {
  const { store } = options;
  const policy = options.policy ?? defaultLedgerPolicy;
  const maxBatch = options.maxBatch ?? 256;
  let state = emptyView();
  // Facts (by key) folded into the view before their commit; the catch-up skips them when it reads them back.
  const folded = new Set<string>();
  const pending: Pending[] = [];
  let draining = false;
  let lock: Promise<unknown> = Promise.resolve();

  function exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = lock.then(work, work);
    lock = next.catch(() => undefined);
    return next;
  }

  async function catchUp(): Promise<LedgerView> {
    const from = state.position < 0 ? {} : { afterPosition: state.position };
    for await (const recorded of store.readAll(from)) {
      if (folded.delete(eventKey(recorded.source, recorded.id))) {
        state.position = recorded.position;
        continue;
      }
      // Stored events were validated when recorded: reading what they mean is enough here.
      const read = readFact(recorded);
      if (read === undefined) {
        state.position = recorded.position;
        continue;
      }
      evolve(state, read);
    }
    return state;
  }

  function toNewEvents(
    event: CDEvent,
    fact: LedgerFact,
    violations: readonly Violation[],
    submission: Submission,
    decision: CDEvent | undefined,
  ): NewEvent[] {
    const producer = submission.producer ?? options.producer ?? 'unknown';
    return [
      {
        id: event.context.id,
        source: event.context.source,
        type: event.context.type,
        data: submission.text ?? JSON.stringify(submission.value),
        producer,
      },
      ...violations.map((v) => ledgerRecord(violationEvent(event, fact, v))),
      // Last, after the violations (moveSquattedViolations pairs events 1..n with them).
      ...(decision === undefined ? [] : [ledgerRecord(decision)]),
    ];
  }

  async function decide(
    submissions: readonly Submission[],
    answers: (RecordAnswer | undefined)[],
  ): Promise<Decided[]> {
    const view = await catchUp();
    const committed = view.position;
    const decided: Decided[] = [];
    const inBatch = new Map<string, Decided>();
    const parsedAll = submissions.map(parseSubmission);
    // One look-up for the whole group: which of its facts, by (source, id), the ledger holds already.
    const recorded = await store.readEvents(
      parsedAll.flatMap((parsed) =>
        parsed.ok ? [{ source: parsed.event.context.source, id: parsed.event.context.id }] : [],
      ),
    );
    for (const [index, submission] of submissions.entries()) {
      const parsed = parsedAll[index] as ReturnType<typeof parseSubmission>;
      if (!parsed.ok) {
        const eventId = idOf(submission.value);
        answers[index] = {
          status: 'refused',
          ...(eventId === undefined ? {} : { eventId }),
          problems: parsed.problems,
        };
        continue;
      }
      const event = parsed.event;
      const { id, source } = event.context;
      const reserved = submission.fromEmitter === true ? reservedProblems(event) : [];
      if (reserved.length > 0) {
        answers[index] = { status: 'refused', eventId: id, problems: reserved };
        continue;
      }
      const key = factKey(event);
      const earlier = inBatch.get(key);
      if (earlier !== undefined) {
        if (contentDigest(earlier.event) !== contentDigest(event))
          answers[index] = refusedAsReused(id, 'earlier in this batch', source);
        continue; // a same-content repeat is answered as a duplicate of the earlier one after the commit
      }
      const existing = recorded.get(key);
      if (existing !== undefined) {
        answers[index] = sameContent(existing, event.context.type, event)
          ? duplicateOf(existing)
          : refusedAsReused(id, `position ${existing.position}`, source);
        continue;
      }
      const fact = factOf(event);
      // Provisional position: between the last committed one and the next, in batch order.
      const stamp = { ...originOf(event), position: committed + (decided.length + 1) / (maxBatch + 1) };
      const [, ...found] = decideFact(view, { fact, stamp }, policy);
      const violations = violationsOf(found);
      const rollback = rollbackOf(found);
      evolve(view, { fact, stamp });
      folded.add(key);
      // The rollback the ledger decided, recorded with the failure that caused it and folded in with it.
      let decision: CDEvent | undefined;
      if (rollback !== undefined) {
        decision = rollbackDecisionEvent(event, rollback);
        evolve(view, { fact: rollback, stamp: { ...originOf(decision), position: stamp.position } });
        folded.add(factKey(decision));
      }
      const entry = {
        index,
        event,
        streamId: streamFor(event, fact),
        events: toNewEvents(event, fact, violations, submission, decision),
        violations,
      };
      decided.push(entry);
      inBatch.set(key, entry);
    }
    view.position = committed;
    await moveSquattedViolations(store, decided);
    return decided;
  }

  async function appendOne(d: Decided): Promise<RecordAnswer> {
    try {
      return answerOf(d, await store.appendToStream(d.streamId, d.events, { expectedRevision: 'any' }));
    } catch (err) {
      // Another writer recorded the same fact, (source, id), between our look-up and our append.
      if (err instanceof StoreError && err.code === StoreErrorCode.EventIdReused) {
        const raced = await store.readEvent(d.event.context.id, d.event.context.source);
        if (raced !== undefined) {
          return sameContent(raced, d.event.context.type, d.event)
            ? duplicateOf(raced)
            : refusedAsReused(raced.id, `position ${raced.position}`, raced.source);
        }
      }
      throw err;
    }
  }

  function answerOf(d: Decided, result: AppendResult): RecordAnswer {
    const position = result.records[0]?.position ?? result.position;
    if (result.duplicate)
      return { status: 'duplicate', eventId: d.event.context.id, streamId: d.streamId, position };
    return {
      status: 'recorded',
      eventId: d.event.context.id,
      streamId: d.streamId,
      position,
      violations: d.violations,
    };
  }

  /**
   * When the group just committed sits right after the position the view is caught up to, nothing
   * else was recorded in between: move the view past it, so the next catch-up does not read back
   * what was folded in already. (Any gap, or a duplicate, leaves it to the catch-up.)
   */
  function skipOwnCommit(results: readonly AppendResult[]): void {
    let next = state.position + 1;
    for (const result of results) {
      if (result.duplicate) return;
      for (const record of result.records) if (record.position !== next++) return;
    }
    for (const result of results)
      for (const record of result.records) folded.delete(eventKey(record.source, record.id));
    state.position = next - 1;
  }

  async function recordBatch(submissions: readonly Submission[]): Promise<RecordAnswer[]> {
    const answers = new Array<RecordAnswer | undefined>(submissions.length);
    const decided = await decide(submissions, answers);
    try {
      const results = await store.appendBatch(
        decided.map((d) => ({ streamId: d.streamId, events: d.events, expectedRevision: 'any' as const })),
      );
      decided.forEach((d, i) => (answers[d.index] = answerOf(d, results[i] as AppendResult)));
      skipOwnCommit(results);
    } catch {
      // The group failed as a whole (e.g. a racing writer): settle each append on its own.
      for (const d of decided) answers[d.index] = await appendOne(d);
    }
    const byKey = new Map(decided.map((d) => [factKey(d.event), answers[d.index]]));
    return submissions.map((submission, index) => {
      const answer = answers[index];
      if (answer !== undefined) return answer;
      const first = byKey.get(keyOf(submission.value));
      if (first === undefined || first.status === 'refused')
        return first ?? refusedAsReused(idOf(submission.value) ?? '', 'unknown');
      return {
        status: 'duplicate',
        eventId: first.eventId,
        streamId: first.streamId,
        position: first.position,
      };
    });
  }

  async function drain(): Promise<void> {
    draining = true;
    try {
      while (pending.length > 0) {
        const batch = pending.splice(0, maxBatch);
        try {
          const answers = await exclusive(() => recordBatch(batch.map((p) => p.submission)));
          batch.forEach((p, i) => p.resolve(answers[i] as RecordAnswer));
        } catch (err) {
          // What was folded in ahead of a commit that failed is not evidence: start the view afresh.
          folded.clear();
          state = emptyView();
          batch.forEach((p) => p.reject(err));
        }
      }
    } finally {
      draining = false;
    }
  }

  return {
    record(submission) {
      return new Promise<RecordAnswer>((resolve, reject) => {
        pending.push({ submission, resolve, reject });
        if (!draining) void drain();
      });
    },
    view: () => exclusive(catchUp),
  };
}
