import { judge } from './judge.ts';
import type { FactOfKind, LedgerFact } from './ledgerFact.ts';
import { emptyView, evolveView } from './ledgerView.ts';
import { rollbackDecision } from './rollbackDecision.ts';
import type { LedgerView, Stamped } from './ledgerView.ts';
import { defaultLedgerPolicy, ViolationCode } from './violations.ts';
import type { LedgerPolicy, Violation } from './violations.ts';

/** A fact with who reported it, when, and where the ledger records it. */
export interface StampedFact {
  readonly fact: LedgerFact;
  readonly stamp: Stamped;
}

/** What the ledger decides on: the evidence folded from every fact recorded so far. */
export type LedgerState = LedgerView;

/** The state before any fact. */
export function initialState(): LedgerState {
  return emptyView();
}

/**
 * What recording a fact decides, given the state before it: the fact itself (always recorded),
 * then one `violation` fact per rule it breaks, then — when it is a failed post-deploy check or
 * rollout window of what runs there — the `rollbackDecision` the ledger takes. Pure: it reads the
 * state and changes nothing.
 */
export function decide(
  state: LedgerState,
  when: StampedFact,
  policy: LedgerPolicy = defaultLedgerPolicy,
): LedgerFact[] {
  const violations = judge(state, when.fact, when.stamp, policy);
  const rollback = rollbackDecision(state, when.fact, when.stamp, policy);
  return [
    when.fact,
    ...violations.map((v) => violationFact(when.stamp.eventId, v)),
    ...(rollback === undefined ? [] : [rollback]),
  ];
}

/**
 * The state after a recorded fact. It folds in place and returns the same state (it follows every
 * recorded event, so copying would cost each append): callers keep one state per log.
 */
export function evolve(state: LedgerState, recorded: StampedFact): LedgerState {
  return evolveView(state, recorded.fact, recorded.stamp);
}

/** A violation the ledger found, as the fact it records. */
export function violationFact(offendingEventId: string, v: Violation): FactOfKind<'violation'> {
  return {
    kind: 'violation',
    offendingEventId,
    rule: v.code,
    severity: v.severity,
    message: v.message,
    ...(v.target === undefined ? {} : { target: v.target }),
    ...(v.artifact === undefined ? {} : { about: v.artifact }),
  };
}

const ledgerCodes: ReadonlySet<string> = new Set(Object.values(ViolationCode));

/** The violations among decided facts, as the ledger's own rules (others' are not its to record). */
export function violationsOf(facts: readonly LedgerFact[]): Violation[] {
  return facts.flatMap((f) =>
    f.kind === 'violation' && ledgerCodes.has(f.rule)
      ? [
          {
            code: f.rule as ViolationCode,
            severity: f.severity,
            message: f.message,
            ...(f.target === undefined ? {} : { target: f.target }),
            ...(f.about === undefined ? {} : { artifact: f.about }),
          },
        ]
      : [],
  );
}

/** The rollback among decided facts, when the ledger decided one. */
export function rollbackOf(facts: readonly LedgerFact[]): FactOfKind<'rollbackDecision'> | undefined {
  return facts.find((f): f is FactOfKind<'rollbackDecision'> => f.kind === 'rollbackDecision');
}
